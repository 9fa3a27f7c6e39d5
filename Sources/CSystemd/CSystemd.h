// The only C header Pace includes from libsystemd. Swift wrappers live in PaceDaemon/System, one file per API.
#ifndef PACE_CSYSTEMD_H
#define PACE_CSYSTEMD_H

#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <systemd/sd-bus.h>

#endif
