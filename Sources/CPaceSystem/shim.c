#define _GNU_SOURCE
#include "CPaceSystem.h"

#include <errno.h>
#include <pthread.h>
#include <malloc.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <linux/sockios.h>
#include <linux/aio_abi.h>
#include <sys/syscall.h>
#include <time.h>

int CPaceSystem_epoll_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

int CPaceSystem_epoll_control(int epoll, int operation, int fd, uint32_t events, uint64_t token) {
    struct epoll_event event = {.events = events, .data.u64 = token};
    return epoll_ctl(epoll, operation, fd, &event);
}

int CPaceSystem_epoll_wait(int epoll, CPaceSystem_epoll_event *events, int capacity, int timeout) {
    struct epoll_event ready[64];
    if (capacity > 64) {
        capacity = 64;
    }
    int count = epoll_wait(epoll, ready, capacity, timeout);
    for (int i = 0; i < count; i++) {
        events[i].events = ready[i].events;
        events[i].token = ready[i].data.u64;
    }
    return count;
}

int CPaceSystem_eventfd(void) {
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

static void fill_set(sigset_t *set, const int *signals, int count) {
    sigemptyset(set);
    for (int i = 0; i < count; i++) {
        sigaddset(set, signals[i]);
    }
}

int CPaceSystem_signalfd(const int *signals, int count) {
    sigset_t set;
    fill_set(&set, signals, count);
    return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

int CPaceSystem_signalfd_read(int fd) {
    struct signalfd_siginfo info;
    ssize_t got = read(fd, &info, sizeof info);
    if (got < 0) {
        return -1;
    }
    if (got != sizeof info) {
        errno = EIO;
        return -1;
    }
    return (int)info.ssi_signo;
}

int CPaceSystem_block_signals(const int *signals, int count) {
    sigset_t set;
    fill_set(&set, signals, count);
    return pthread_sigmask(SIG_BLOCK, &set, NULL) == 0 ? 0 : -1;
}

int CPaceSystem_accept_nonblocking(int listener) {
    return accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

int CPaceSystem_peer_credentials(int fd, pid_t *pid, uid_t *uid, gid_t *gid) {
    struct ucred credentials;
    socklen_t length = sizeof credentials;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) {
        return -1;
    }
    *pid = credentials.pid;
    *uid = credentials.uid;
    *gid = credentials.gid;
    return 0;
}

int CPaceSystem_unread_output(int fd) {
    int count = 0;
    if (ioctl(fd, SIOCOUTQ, &count) != 0) {
        return -1;
    }
    return count;
}

int CPaceSystem_flock(int fd, int operation) {
    return flock(fd, operation);
}

#if defined(__x86_64__)
#include <cpuid.h>
#include <string.h>

int CPaceSystem_crc32c_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    return (ecx & bit_SSE4_2) != 0;
}

__attribute__((target("sse4.2"))) uint32_t CPaceSystem_crc32c_update(uint32_t crc, const void *bytes, size_t length) {
    const unsigned char *p = bytes;
    unsigned long long wide = crc;
    while (length >= 8) {
        unsigned long long word;
        memcpy(&word, p, 8);
        wide = __builtin_ia32_crc32di(wide, word);
        p += 8;
        length -= 8;
    }
    uint32_t narrow = (uint32_t)wide;
    while (length > 0) {
        narrow = __builtin_ia32_crc32qi(narrow, *p);
        p++;
        length--;
    }
    return narrow;
}
#else
int CPaceSystem_crc32c_available(void) { return 0; }

uint32_t CPaceSystem_crc32c_update(uint32_t crc, const void *bytes, size_t length) {
    (void)bytes;
    (void)length;
    return crc;
}
#endif

int CPaceSystem_malloc_trim(void) {
    return malloc_trim(0);
}

long CPaceSystem_release_executable_pages(void) {
    char self[4096];
    ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0) {
        return -1;
    }
    self[length] = 0;
    FILE *maps = fopen("/proc/self/maps", "re");
    if (maps == NULL) {
        return -1;
    }
    long released = 0;
    char line[4352];
    while (fgets(line, sizeof line, maps) != NULL) {
        unsigned long start, end;
        char permissions[5];
        int path = 0;
        if (sscanf(line, "%lx-%lx %4s %*s %*s %*s %n", &start, &end, permissions, &path) < 3 || path == 0) {
            continue;
        }
        char *name = line + path;
        name[strcspn(name, "\n")] = 0;
        // The executable's code only: a read-only mapping may be relocated data made read-only after relocation
        // (RELRO), whose contents exist nowhere else; code is never written.
        if (permissions[1] != '-' || permissions[2] != 'x' || strcmp(name, self) != 0) {
            continue;
        }
        if (madvise((void *)start, end - start, MADV_DONTNEED) == 0) {
            released += (long)(end - start);
        }
    }
    fclose(maps);
    return released;
}

int CPaceSystem_malloc_one_arena(void) {
    return mallopt(M_ARENA_MAX, 1);
}

int CPaceSystem_aio_setup(uint64_t *context) {
    aio_context_t created = 0;
    if (syscall(SYS_io_setup, 1, &created) != 0) {
        return -1;
    }
    *context = (uint64_t)created;
    return 0;
}

int CPaceSystem_aio_submit_fdsync(uint64_t context, int fd) {
    // The kernel copies the request at submission: it need not outlive the call.
    struct iocb request;
    memset(&request, 0, sizeof request);
    request.aio_fildes = (uint32_t)fd;
    request.aio_lio_opcode = IOCB_CMD_FDSYNC;
    struct iocb *requests[1] = {&request};
    long submitted = syscall(SYS_io_submit, (aio_context_t)context, 1L, requests);
    if (submitted == 1) {
        return 0;
    }
    if (submitted == 0) {
        errno = EAGAIN;
    }
    return -1;
}

int CPaceSystem_aio_collect(uint64_t context, int wait, int64_t *result) {
    struct io_event event;
    struct timespec now = {0, 0};
    long collected;
    do {
        collected = syscall(SYS_io_getevents, (aio_context_t)context, 1L, 1L, &event, wait ? NULL : &now);
    } while (collected < 0 && errno == EINTR);
    if (collected == 1) {
        *result = event.res;
    }
    return (int)collected;
}

int CPaceSystem_aio_destroy(uint64_t context) {
    return (int)syscall(SYS_io_destroy, (aio_context_t)context);
}
