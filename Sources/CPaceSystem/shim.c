#define _GNU_SOURCE
#include "CPaceSystem.h"

#include <fcntl.h>
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

int CPaceSystem_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

int CPaceSystem_flock(int fd, int operation) {
    return flock(fd, operation);
}

int CPaceSystem_malloc_trim(void) {
    return malloc_trim(0);
}

int CPaceSystem_malloc_one_arena(void) {
    return mallopt(M_ARENA_MAX, 1);
}
