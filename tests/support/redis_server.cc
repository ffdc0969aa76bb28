#include "tests/support/redis_server.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include <hiredis/hiredis.h>

#include "tests/support/ports.h"

namespace postern::testing {

std::string RedisMissing() {
  return access("/usr/bin/redis-server", X_OK) == 0 ? "" : "redis-server is missing (scripts/setup test installs it)";
}

RedisServer::RedisServer() {
  char tmpl[] = "/tmp/postern-redis-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  port_ = FreeLoopbackPort();
  Start();
}

RedisServer::~RedisServer() {
  Stop();
  std::string cmd = "rm -rf " + dir_;
  if (system(cmd.c_str()) != 0) {}
}

bool RedisServer::Pings() const {
  timeval tv{0, 200000};
  redisContext* c = redisConnectWithTimeout("127.0.0.1", port_, tv);
  bool ok = false;
  if (c && !c->err) {
    auto* r = static_cast<redisReply*>(redisCommand(c, "PING"));
    ok = r && r->type == REDIS_REPLY_STATUS;
    if (r) freeReplyObject(r);
  }
  if (c) redisFree(c);
  return ok;
}

void RedisServer::Start() {
  if (pid_ > 0) return;
  const std::string port = std::to_string(port_);
  pid_ = fork();
  if (pid_ == 0) {
    int fd = open((dir_ + "/redis.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    execl("/usr/bin/redis-server", "redis-server", "--port", port.c_str(), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--dir", dir_.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 100; ++i) {
    if (Pings()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Stop();
  throw std::runtime_error("redis-server did not answer on port " + port);
}

void RedisServer::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int st;
  waitpid(pid_, &st, 0);
  pid_ = -1;
}

}  // namespace postern::testing
