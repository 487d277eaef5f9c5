using System.Runtime.InteropServices;

namespace RelayWorker.Supervision;

/// <summary>The Linux calls the progress reader is built on: epoll, an eventfd to wake it, and plain reads.</summary>
internal sealed partial class ProgressPipeReader
{
    private static partial class Native
    {
        public const int CloseOnExec = 0x80000;
        public const int NonBlocking = 0x800;
        public const int ControlAdd = 1;
        public const int ControlDelete = 2;
        public const uint Readable = 0x001;
        public const int GetStatusFlags = 3;
        public const int SetStatusFlags = 4;
        public const int Interrupted = 4;
        public const int WouldBlock = 11;

        /// <summary>
        /// struct epoll_event is packed on x86-64 (12 bytes, data at 4) and naturally aligned elsewhere (16 bytes, data at
        /// 8): the layout is chosen at run time so one build serves both.
        /// </summary>
        public static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

        public static readonly int EventDataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

        [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static partial int EpollCreate(int flags);

        [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static unsafe partial int EpollControl(int epoll, int operation, int fd, byte* epollEvent);

        [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static unsafe partial int EpollWait(int epoll, byte* events, int maxEvents, int timeoutMilliseconds);

        [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static partial int EventFd(uint initial, int flags);

        [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static unsafe partial nint Read(int fd, byte* buffer, nuint count);

        [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static unsafe partial nint Write(int fd, byte* buffer, nuint count);

        [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static partial int Control(int fd, int command, int argument);

        [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static partial int Close(int fd);

        public static unsafe int Add(int epoll, int fd, uint events, long data)
        {
            var epollEvent = stackalloc byte[16];
            *(uint*)epollEvent = events;
            *(long*)(epollEvent + EventDataOffset) = data;
            return EpollControl(epoll, ControlAdd, fd, epollEvent);
        }

        public static unsafe void Remove(int epoll, int fd)
        {
            // Kernels before 2.6.9 wanted a non-null event even for a delete.
            var epollEvent = stackalloc byte[16];
            EpollControl(epoll, ControlDelete, fd, epollEvent);
        }

        public static bool SetNonBlocking(int fd)
        {
            var flags = Control(fd, GetStatusFlags, 0);
            return flags >= 0 && Control(fd, SetStatusFlags, flags | NonBlocking) == 0;
        }

        public static unsafe void Signal(int eventFd)
        {
            long one = 1;
            Write(eventFd, (byte*)&one, sizeof(long));
        }

        public static unsafe void Drain(int eventFd)
        {
            long count;
            Read(eventFd, (byte*)&count, sizeof(long));
        }
    }
}
