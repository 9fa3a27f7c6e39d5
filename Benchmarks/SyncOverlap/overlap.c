// Does handing fdatasync to another thread pay on this machine? (docs/performance.md, fix 19)
//
//   cc -O2 -o overlap Benchmarks/SyncOverlap/overlap.c -lpthread
//   ./overlap WORK_US COUNT [FILE]     (FILE on the disk the log lives on; default /tmp/overlap.bin)
//   SPIN=1 ./overlap ...               the sync thread spins instead of sleeping (no wake-up to pay)
//   taskset -c 0 ./overlap ...         both threads on one processor
//
// Each write is WORK_US microseconds of CPU work (what paced does between a call's arrival and its reply) and a
// 256-byte pwrite + fdatasync, three ways in alternating blocks of 10: raw (the write alone), inline (the work, then
// the write and its fdatasync: what paced does) and overlap (the pwrite, the sync thread woken to fdatasync, the
// work meanwhile, then a wait on an eventfd with poll, as the loop's epoll_wait would, for the sync's end).
// Prints the medians and their ratios to raw.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <time.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <stdatomic.h>
static int fd, efd; static off_t off;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER; static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int pending; static atomic_int spinflag; static int spinning;
static long long now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
static void work(long ns) { long long end = now() + ns; volatile int x = 0; while (now() < end) x++; }
static void *syncer(void *arg) {
  (void)arg;
  if (spinning) for (;;) { while (!atomic_load(&spinflag)) ; atomic_store(&spinflag, 0); fdatasync(fd); uint64_t one = 1; write(efd, &one, 8); }
  for (;;) {
    pthread_mutex_lock(&mu); while (!pending) pthread_cond_wait(&cv, &mu); pending = 0; pthread_mutex_unlock(&mu);
    fdatasync(fd); uint64_t one = 1; write(efd, &one, 8);
  }
  return 0;
}
static int cmp(const void *a, const void *b) { long long x = *(long long *)a, y = *(long long *)b; return x < y ? -1 : x > y; }
int main(int argc, char **argv) {
  long w = atol(argv[1]) * 1000; int n = atoi(argv[2]); spinning = getenv("SPIN") != 0;
  char buf[256]; memset(buf, 'A', sizeof buf);
  fd = open(argc > 3 ? argv[3] : "/tmp/overlap.bin", O_WRONLY | O_CREAT | O_TRUNC, 0600);
  efd = eventfd(0, EFD_CLOEXEC);
  pthread_t t; pthread_create(&t, 0, syncer, 0);
  long long *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *r = malloc(n * sizeof *r);
  int na = 0, nb = 0, nr = 0;
  for (int round = 0; round < n / 10; round++) {
    for (int i = 0; i < 10; i++) { long long s = now(); work(w); pwrite(fd, buf, 256, off); off += 256; fdatasync(fd); a[na++] = now() - s; }
    for (int i = 0; i < 10; i++) {
      long long s = now(); pwrite(fd, buf, 256, off); off += 256;
      if (spinning) atomic_store(&spinflag, 1); else { pthread_mutex_lock(&mu); pending = 1; pthread_cond_signal(&cv); pthread_mutex_unlock(&mu); }
      work(w);
      struct pollfd p = { efd, POLLIN, 0 }; poll(&p, 1, -1); uint64_t c; read(efd, &c, 8);
      b[nb++] = now() - s;
    }
    for (int i = 0; i < 10; i++) { long long s = now(); pwrite(fd, buf, 256, off); off += 256; fdatasync(fd); r[nr++] = now() - s; }
  }
  qsort(a, na, sizeof *a, cmp); qsort(b, nb, sizeof *b, cmp); qsort(r, nr, sizeof *r, cmp);
  printf("work %ld us: raw %lld us, inline %lld us (%.2fx), overlap %lld us (%.2fx)\n", w / 1000, r[nr / 2] / 1000,
         a[na / 2] / 1000, (double)a[na / 2] / r[nr / 2], b[nb / 2] / 1000, (double)b[nb / 2] / r[nr / 2]);
  return 0;
}
