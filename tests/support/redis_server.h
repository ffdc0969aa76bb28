// Test support: a throwaway redis-server (Debian's package) on a free loopback port,
// with no persistence, in its own temp dir; stopped with the object.
#pragma once

#include <string>

#include <sys/types.h>

namespace postern::testing {

class RedisServer {
 public:
  // Starts it and waits until it answers PING; throws std::runtime_error otherwise.
  RedisServer();
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  void Start();
  void Stop();  // SIGTERM and wait; idempotent
  int port() const { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

 private:
  bool Pings() const;
  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// "" if redis-server is installed, else how to get it.
std::string RedisMissing();

}  // namespace postern::testing
