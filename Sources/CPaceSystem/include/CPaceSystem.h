// Linux calls that Swift's Glibc module does not expose (they need _GNU_SOURCE) or cannot name
// (`flock` is both a function and a struct). Every function is prefixed with the target's name.
#ifndef PACE_CPACESYSTEM_H
#define PACE_CPACESYSTEM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
// timerfd_create, timerfd_settime and TFD_*: Swift's Glibc module does not include this header.
#include <sys/timerfd.h>

/// One readiness event of CPaceSystem_epoll_wait: `struct epoll_event` without its x86-64 packing, which Swift
/// cannot lay out.
typedef struct {
    uint32_t events;
    uint64_t token;
} CPaceSystem_epoll_event;

/// The epoll(7) interest and readiness bits Pace uses.
enum {
    CPaceSystem_EPOLLIN = 0x001,
    CPaceSystem_EPOLLOUT = 0x004,
    CPaceSystem_EPOLLERR = 0x008,
    CPaceSystem_EPOLLHUP = 0x010,
    CPaceSystem_EPOLLRDHUP = 0x2000,
};

/// epoll_create1(EPOLL_CLOEXEC).
int CPaceSystem_epoll_create(void);

/// epoll_ctl(2) with EPOLL_CTL_ADD (operation 1), EPOLL_CTL_DEL (2) or EPOLL_CTL_MOD (3); `token` comes back
/// with each event of `fd`.
int CPaceSystem_epoll_control(int epoll, int operation, int fd, uint32_t events, uint64_t token);

/// epoll_wait(2) into `events`; `timeout` in milliseconds, -1 for none.
int CPaceSystem_epoll_wait(int epoll, CPaceSystem_epoll_event *events, int capacity, int timeout);

/// eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC).
int CPaceSystem_eventfd(void);

/// signalfd(-1, {signals}, SFD_NONBLOCK | SFD_CLOEXEC) for `count` signal numbers.
int CPaceSystem_signalfd(const int *signals, int count);

/// Reads one pending `struct signalfd_siginfo` from a non-blocking signalfd: the signal's number, or -1 with
/// errno set (EAGAIN when none is pending).
int CPaceSystem_signalfd_read(int fd);

/// Blocks `count` signals in the calling thread (and every thread it starts from now on).
int CPaceSystem_block_signals(const int *signals, int count);

/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC.
int CPaceSystem_accept_nonblocking(int listener);

/// getsockopt(SO_PEERCRED): the peer's pid, uid and gid. Returns 0, or -1 with errno set.
int CPaceSystem_peer_credentials(int fd, pid_t *pid, uid_t *uid, gid_t *gid);

/// ioctl(SIOCOUTQ): how much of what was sent on the socket its peer has not read yet (for a Unix socket, the
/// kernel's accounting of the queued data, so 0 exactly when everything was read). Returns -1 with errno set.
int CPaceSystem_unread_output(int fd);

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

/// madvise(MADV_DONTNEED) over the executable's code mappings (read-only and executable: never data, which may have
/// been relocated before it was made read-only): the pages leave the process's resident set and stay in the page
/// cache, so running them again is a minor fault. Returns the number of bytes released, or -1 with errno set.
long CPaceSystem_release_executable_pages(void);

/// mallopt(M_ARENA_MAX, 1): every thread allocates from the main arena. Returns 1 on success.
int CPaceSystem_malloc_one_arena(void);

/// io_setup(2) for one request at a time: a kernel AIO context (glibc has no wrapper). Returns 0 with the context
/// in `*context`, or -1 with errno set.
int CPaceSystem_aio_setup(uint64_t *context);

/// io_submit(2) of one IOCB_CMD_FDSYNC of `fd`: the kernel does the `fdatasync` on a worker of its own and the
/// caller goes on. Returns 0, or -1 with errno set (EINVAL where the kernel, before 4.18, or the file system cannot).
int CPaceSystem_aio_submit_fdsync(uint64_t context, int fd);

/// io_getevents(2) for the request submitted last: waits for it when `wait` is nonzero, else only looks. Returns 1
/// with its result in `*result` (0, or -errno as `fdatasync` would have failed), 0 when it is not done yet, or -1
/// with errno set.
int CPaceSystem_aio_collect(uint64_t context, int wait, int64_t *result);

/// io_destroy(2): waits for a request still in flight, then frees the context.
int CPaceSystem_aio_destroy(uint64_t context);

#endif
