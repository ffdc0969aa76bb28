// postern: serve | check-config | version | help | <tool> (tools registered by extensions).
#include <csignal>
#include <cstring>
#include <iostream>
#include <pthread.h>

#include "gateway/config/config.h"
#include "gateway/app/gateway.h"
#include "gateway/http/http_server.h"
#include "gateway/base/log.h"
#include "gateway/base/util.h"
#include "gateway/tool.h"

using namespace postern;

namespace {

int Usage() {
  std::cerr << "usage:\n"
               "  postern serve --config FILE [--allow-development-keys]\n"
               "                                  run the gateway (the flag lets the README's\n"
               "                                  development keys serve a non-loopback address)\n"
               "  postern check-config FILE       validate a config; print every error; exit 1 if any\n"
               "  postern version\n";
  for (const auto& [name, tool] : ToolRegistry()) std::cerr << "  postern " << tool.usage << "\n";
  return 2;
}

int CheckConfig(const std::string& path) {
  Config c;
  std::vector<std::string> errors;
  LoadConfig(path, &c, &errors);
  for (const auto& e : errors) std::cerr << path << ": " << e << "\n";
  if (!errors.empty()) {
    std::cerr << path << ": " << errors.size() << " error(s); configuration test failed\n";
    return 1;
  }
  std::cout << path << ": syntax is ok; configuration test is successful (hash " << c.hash << ")\n";
  return 0;
}

// The README's development keys: anyone who read it holds them.
bool HasDevelopmentKey(const Config& c) {
  for (const char* role : {"product", "reviewer", "curator", "admin"}) {
    const std::string digest = Sha256Hex(std::string("dev-") + role + "-key");
    for (const auto& k : c.keys)
      if (k.sha256 == digest) return true;
  }
  return false;
}

bool IsLoopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

int Serve(const std::string& path, bool allow_development_keys) {
  InitLogging();
  // Signals are taken by sigwait on this thread only; block them before any thread starts.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::vector<std::string> errors;
  auto gateway = Gateway::Create(path, &errors);
  if (!gateway) {
    for (const auto& e : errors) LogJson(spdlog::level::err, {{"event", "config_error"}, {"error", e}});
    std::cerr << "postern: cannot start: " << errors.size() << " config error(s)\n";
    return 1;
  }
  const Config c = gateway->config();
  if (!IsLoopback(c.host) && HasDevelopmentKey(c) && !allow_development_keys) {
    LogJson(spdlog::level::err, {{"event", "development_keys_refused"}, {"listen", c.host}});
    std::cerr << "postern: refusing to serve " << c.host << " with the README's development keys in "
              << path << ": replace them (auth.keys), listen on 127.0.0.1, or pass --allow-development-keys\n";
    return 1;
  }
  if (HasDevelopmentKey(c))
    LogJson(spdlog::level::warn, {{"event", "development_keys_in_use"}, {"listen", c.host},
                                  {"message", "the config grants the README's development keys"}});
  HttpServer::InitThreadPool(std::max(2u, std::thread::hardware_concurrency()));
  Gateway* g = gateway.get();
  HttpServer server(EdgeSettings{c.host, c.port, c.max_body_bytes, c.workers, c.queue_depth},
                    EdgeHandlers{[g](const Request& r) { return g->Handle(r); }, &Gateway::IsShareRequest,
                                 [g](const Request& head) { return g->Precheck(head); },
                                 [g] { g->metrics().Inc("postern_http_requests_total", {{"code", "5xx"}}); }});
  Status st = server.Start();
  if (!st.ok()) {
    LogJson(spdlog::level::err, {{"event", "listen_failed"}, {"error", st.message()}});
    return 1;
  }
  gateway->Start();
  LogJson(spdlog::level::info, {{"event", "started"}, {"listen", c.host + ":" + std::to_string(c.port)},
                                {"config", path}, {"config_hash", c.hash}, {"version", POSTERN_VERSION}});
  for (;;) {
    int sig = 0;
    sigwait(&set, &sig);
    if (sig == SIGHUP) {
      std::vector<std::string> reload_errors;
      Status rs = gateway->Reload(&reload_errors);
      if (!rs.ok())
        LogJson(spdlog::level::warn, {{"event", "config_reload_rejected"}, {"errors", reload_errors}});
      continue;
    }
    break;
  }
  LogJson(spdlog::level::info, {{"event", "stopping"}});
  server.Stop();
  gateway->Stop();
  LogJson(spdlog::level::info, {{"event", "stopped"}});
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  postern::KeepLargeBuffersInHeap();
  const std::string cmd = argv[1];
  if (const auto dup = postern::RegistrationErrors(); !dup.empty()) {
    for (const auto& e : dup) std::cerr << "postern: " << e << "\n";
    return 1;
  }
  if (cmd == "version" || cmd == "--version") {
    std::cout << "postern " << POSTERN_VERSION << "\n";
    return 0;
  }
  if (cmd == "serve") {
    std::string path = postern::DefaultConfigPath();
    bool allow_development_keys = false;
    for (int i = 2; i < argc; ++i) {
      if (!std::strcmp(argv[i], "--config") && i + 1 < argc) path = argv[++i];
      else if (!std::strcmp(argv[i], "--allow-development-keys")) allow_development_keys = true;
      else return Usage();
    }
    return Serve(path, allow_development_keys);
  }
  if (cmd == "check-config") {
    if (argc != 3) return Usage();
    return CheckConfig(argv[2]);
  }
  auto it = ToolRegistry().find(cmd);
  if (it != ToolRegistry().end()) return it->second.run(std::vector<std::string>(argv + 2, argv + argc));
  return Usage();
}
