// Linux calls that Swift's Glibc module does not expose (they need _GNU_SOURCE) or cannot name
// (`flock` is both a function and a struct). Every function is prefixed with the target's name.
#ifndef PACE_CPACESYSTEM_H
#define PACE_CPACESYSTEM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
// timerfd_create, timerfd_settime and TFD_*: Swift's Glibc module does not include this header.
#include <sys/timerfd.h>

/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC.
int CPaceSystem_accept_nonblocking(int listener);

/// getsockopt(SO_PEERCRED): the peer's pid, uid and gid. Returns 0, or -1 with errno set.
int CPaceSystem_peer_credentials(int fd, pid_t *pid, uid_t *uid, gid_t *gid);

/// flock(2).
int CPaceSystem_flock(int fd, int operation);

/// Whether the CPU has SSE 4.2's `crc32` instruction (CRC-32C in hardware). 0 on other architectures.
int CPaceSystem_crc32c_available(void);

/// Folds `length` bytes into the CRC-32C register `crc` (no initial or final inversion) with the `crc32`
/// instruction. Only call it when CPaceSystem_crc32c_available() says so.
uint32_t CPaceSystem_crc32c_update(uint32_t crc, const void *bytes, size_t length);

/// malloc_trim(3) with no padding: gives every whole free page of every malloc arena back to the kernel.
/// Returns 1 when memory was released.
int CPaceSystem_malloc_trim(void);

/// mallopt(M_ARENA_MAX, 1): every thread allocates from the main arena. Returns 1 on success.
int CPaceSystem_malloc_one_arena(void);

#endif
