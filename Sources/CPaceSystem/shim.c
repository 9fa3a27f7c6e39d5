#define _GNU_SOURCE
#include "CPaceSystem.h"

#include <malloc.h>
#include <stddef.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/socket.h>

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

int CPaceSystem_malloc_one_arena(void) {
    return mallopt(M_ARENA_MAX, 1);
}
