#include "gateway/base/process_stats.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace postern {

namespace {

// Boot time in seconds since the epoch: /proc/stat's "btime" line.
double BootTime() {
  std::ifstream in("/proc/stat");
  std::string key;
  double value = 0;
  while (in >> key) {
    if (key == "btime" && in >> value) return value;
    in.ignore(1 << 20, '\n');
  }
  return 0;
}

// Entries in /proc/self/fd, less the one opendir itself holds.
double OpenFds() {
  DIR* d = opendir("/proc/self/fd");
  if (!d) return 0;
  double n = 0;
  while (const dirent* e = readdir(d))
    if (e->d_name[0] != '.') ++n;
  closedir(d);
  return n - 1;
}

}  // namespace

bool ReadProcessStats(ProcessStats* out) {
  const double ticks = double(sysconf(_SC_CLK_TCK));
  const double page = double(sysconf(_SC_PAGESIZE));
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0) out->max_fds = double(lim.rlim_cur);
  out->open_fds = OpenFds();

  std::ifstream in("/proc/self/stat");
  std::string stat;
  if (!std::getline(in, stat)) return false;
  // The command name (field 2) may hold spaces and parentheses: fields restart after
  // its last ')', at field 3 (state).
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream fields(stat.substr(close + 2));
  std::string f;
  double utime = 0, stime = 0, starttime = 0, vsize = 0, rss_pages = 0;
  for (int field = 3; fields >> f; ++field) {
    if (field == 14) utime = std::stod(f);
    else if (field == 15) stime = std::stod(f);
    else if (field == 22) starttime = std::stod(f);
    else if (field == 23) vsize = std::stod(f);
    else if (field == 24) { rss_pages = std::stod(f); break; }
  }
  out->cpu_seconds = (utime + stime) / ticks;
  out->virtual_bytes = vsize;
  out->resident_bytes = rss_pages * page;
  const double boot = BootTime();
  if (boot <= 0) return false;
  out->start_time_seconds = boot + starttime / ticks;
  return true;
}

}  // namespace postern
