// Linux calls that Swift's Glibc module does not expose (they need _GNU_SOURCE) or cannot name
// (`flock` is both a function and a struct). Every function is prefixed with the target's name.
#ifndef PACE_CPACESYSTEM_H
#define PACE_CPACESYSTEM_H

#include <sys/types.h>
// timerfd_create, timerfd_settime and TFD_*: Swift's Glibc module does not include this header.
#include <sys/timerfd.h>

/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC.
int CPaceSystem_accept_nonblocking(int listener);

/// getsockopt(SO_PEERCRED): the peer's pid, uid and gid. Returns 0, or -1 with errno set.
int CPaceSystem_peer_credentials(int fd, pid_t *pid, uid_t *uid, gid_t *gid);

/// pipe2(2) with O_CLOEXEC: fds[0] reads, fds[1] writes.
int CPaceSystem_pipe_cloexec(int fds[2]);

/// flock(2).
int CPaceSystem_flock(int fd, int operation);

/// malloc_trim(3) with no padding: gives every whole free page of every malloc arena back to the kernel.
/// Returns 1 when memory was released.
int CPaceSystem_malloc_trim(void);

/// mallopt(M_ARENA_MAX, 1): every thread allocates from the main arena. Returns 1 on success.
int CPaceSystem_malloc_one_arena(void);

#endif
