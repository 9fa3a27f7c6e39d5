#!/usr/bin/python3
"""Steps CLOCK_REALTIME forward by one nanosecond: adjtimex(ADJ_SETOFFSET | ADJ_NANO, +1 ns).

The kernel runs its "clock was set" path for it, so every timerfd armed with TFD_TIMER_CANCEL_ON_SET is
cancelled, exactly as for settimeofday or an NTP step. (A zero step is not enough: the kernel cancels only
when the offset between CLOCK_MONOTONIC and CLOCK_REALTIME really changed.) That lets a test see Pace notice a
clock change without changing the time on a shared machine by more than a nanosecond, forward. The side effect
is the kernel's ntp_clear(): an NTP daemon's running slew is reset (it re-converges); without one, nothing.

Needs CAP_SYS_TIME. Exits 0 on success, 1 with the error otherwise.
"""

import ctypes
import os
import sys

ADJ_SETOFFSET = 0x0100
ADJ_NANO = 0x2000


class Timeval(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_usec", ctypes.c_long)]


class Timex(ctypes.Structure):
    _fields_ = [
        ("modes", ctypes.c_uint), ("offset", ctypes.c_long), ("freq", ctypes.c_long),
        ("maxerror", ctypes.c_long), ("esterror", ctypes.c_long), ("status", ctypes.c_int),
        ("constant", ctypes.c_long), ("precision", ctypes.c_long), ("tolerance", ctypes.c_long),
        ("time", Timeval), ("tick", ctypes.c_long), ("ppsfreq", ctypes.c_long), ("jitter", ctypes.c_long),
        ("shift", ctypes.c_int), ("stabil", ctypes.c_long), ("jitcnt", ctypes.c_long),
        ("calcnt", ctypes.c_long), ("errcnt", ctypes.c_long), ("stbcnt", ctypes.c_long),
        ("tai", ctypes.c_int), ("padding", ctypes.c_int * 11),
    ]


def main():
    libc = ctypes.CDLL(None, use_errno=True)
    request = Timex()
    request.modes = ADJ_SETOFFSET | ADJ_NANO
    request.time.tv_sec = 0
    request.time.tv_usec = 1  # nanoseconds with ADJ_NANO
    if libc.adjtimex(ctypes.byref(request)) < 0:
        error = ctypes.get_errno()
        print("adjtimex(ADJ_SETOFFSET, +1 ns): %s" % os.strerror(error), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
