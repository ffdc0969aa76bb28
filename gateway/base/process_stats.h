// The gateway process's own CPU, memory, file descriptors and start time, read from
// /proc at scrape time (the standard process_* metrics; Linux only).
#pragma once

namespace postern {

struct ProcessStats {
  double cpu_seconds = 0;         // user + system CPU time
  double resident_bytes = 0;      // RSS
  double virtual_bytes = 0;
  double open_fds = 0;
  double max_fds = 0;             // the soft RLIMIT_NOFILE
  double start_time_seconds = 0;  // since the Unix epoch
};

// False (and *out partly filled) when /proc cannot be read.
bool ReadProcessStats(ProcessStats* out);

}  // namespace postern
