# RelayWorker container: build a native (ahead-of-time compiled) worker with the .NET SDK, run it on the .NET
# runtime-deps image (the libraries a native .NET executable needs, no .NET runtime) with Ubuntu's ffmpeg.
# .NET 10 images are Ubuntu 24.04 "noble" (no Debian images are published for .NET 10), so the
# image's ffmpeg is Ubuntu's 6.1 series while development machines test against Debian 12's 5.1.
# Both images are pinned to an exact release (the SDK and runtime the tests run on), never a floating
# 10.0 tag, so a rebuild gives the same image; raise both together.

FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS build
# The native compiler links with clang and needs zlib's headers.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends clang zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Restore in its own layer so a source edit does not download packages again.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/RelayWorker/RelayWorker.csproj src/RelayWorker/
RUN dotnet restore src/RelayWorker/RelayWorker.csproj --use-current-runtime
COPY src/ src/
RUN dotnet publish src/RelayWorker/RelayWorker.csproj --configuration Release --use-current-runtime --no-restore --output /app \
    && rm -f /app/*.dbg /app/*.xml

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0.12-noble AS runtime
# ffmpeg without recommended extras (no X11, no fonts): the worker only remuxes and encodes.
# util-linux provides setpriv, which starts each ffmpeg with a parent-death signal so no child
# outlives a SIGKILLed worker; it is essential in Ubuntu, named here so its removal fails the build.
# fonts-dejavu-core gives the built-in slate of a continuous route (ffmpeg's drawtext) a font.
# Ubuntu's archive keeps only the latest security update of a package, so an exact package version would
# stop building after the next update; instead the build fails unless ffmpeg is the 6.1 series the README
# documents (noble only ever ships 6.1 updates).
RUN apt-get update \
    && apt-get install --yes --no-install-recommends ffmpeg util-linux fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && ffmpeg -hide_banner -version | head -n 1 \
    && ffmpeg -hide_banner -version | grep -q '^ffmpeg version [0-9:]*6\.1' \
    && setpriv --version

# The root filesystem may be mounted read-only (compose read_only, Kubernetes
# readOnlyRootFilesystem): the worker's only writes are the thumbnails' temporary files, so TMPDIR points at
# /tmp, which compose and Kubernetes mount writable (tmpfs / emptyDir).
ENV TMPDIR=/tmp \
    ASPNETCORE_HTTP_PORTS=8080

WORKDIR /app
COPY --from=build /app ./
COPY docker/relay-worker/healthcheck.sh /usr/local/bin/relay-healthcheck

# ffmpeg's capability listings, written now (as root, before the image's user takes over): every container then
# validates its routes without running ffmpeg five times first, even on a read-only root filesystem, and checks
# them against ffmpeg itself once its routes have started (README, "Capability check").
ENV Relay__CapabilityCache=/app/ffmpeg-capabilities.json
RUN ["/app/RelayWorker", "--cache-ffmpeg-capabilities"]

# The image's non-root user (UID 1654), numeric so Kubernetes can verify runAsNonRoot.
USER $APP_UID
EXPOSE 8080

# Liveness only: readiness depends on upstream streams, and Docker would mark the container
# unhealthy (and orchestrators restart it) for an outage the worker cannot fix.
HEALTHCHECK --interval=10s --timeout=6s --start-period=15s --retries=3 \
    CMD ["bash", "/usr/local/bin/relay-healthcheck"]

ENTRYPOINT ["/app/RelayWorker"]
