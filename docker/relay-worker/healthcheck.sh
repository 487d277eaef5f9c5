#!/usr/bin/env bash
# Container health probe for the Dockerfile HEALTHCHECK and docker compose.
# The runtime image has no curl or wget, and adding one only for this would grow the attack surface,
# so bash's /dev/tcp speaks just enough HTTP/1.1 to read the status line of /healthz/live.
# Usage: relay-healthcheck [PORT] [PATH]. PORT defaults to the first of ASPNETCORE_HTTP_PORTS (the
# ASP.NET image sets 8080); pass it when ASPNETCORE_URLS moves the worker elsewhere.
# Exits 0 when healthy and 1 otherwise: Docker reserves every other code.

ports="${ASPNETCORE_HTTP_PORTS:-8080}"
port="${1:-${ports%%[,;]*}}"
path="${2:-/healthz/live}"

if ! { exec 3<>"/dev/tcp/127.0.0.1/${port}"; } 2>/dev/null; then
  echo "unhealthy: nothing listens on 127.0.0.1:${port}" >&2
  exit 1
fi

printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "${path}" >&3
# A hung worker must fail the probe rather than hang it past Docker's own timeout.
if ! IFS= read -r -t 5 status <&3; then
  echo "unhealthy: no response from ${path}" >&2
  exit 1
fi

case "${status}" in
  "HTTP/1."?" 200 "*) exit 0 ;;
esac
echo "unhealthy: ${path} answered '${status%$'\r'}'" >&2
exit 1
