// deploy/nginx/postern.conf in front of a real gateway, both on loopback: the attacks the
// direct listener cannot withstand (unauthenticated uploads, huge headers, idle and
// silent connections, request floods) are stopped by nginx, and the gateway keeps serving.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "tests/support/paths.h"
#include "tests/support/ports.h"
#include "tests/support/test_server.h"

namespace postern::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::string Fill(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [name, value] : values)
    for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + value.size()))
      text.replace(at, name.size(), value);
  return text;
}

// Real nginx with the repository's config, the placeholders filled for loopback.
class NginxFront {
 public:
  NginxFront(const std::string& dir, int gateway_port) : dir_(dir + "/nginx"), port_(FreeLoopbackPort()) {
    std::filesystem::create_directories(dir_);
    const std::string cert = dir_ + "/cert.pem", key = dir_ + "/key.pem";
    const std::string make_cert = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout " +
                                  key + " -out " + cert + " >/dev/null 2>&1";
    if (system(make_cert.c_str()) != 0) throw std::runtime_error("openssl could not make a certificate");
    const std::string conf = Fill(ReadFile(SourceDir() + "/deploy/nginx/postern.conf"),
                                  {{"@USER@", "root"}, {"@PREFIX@", dir_}, {"@CERT@", cert}, {"@KEY@", key},
                                   {"@LISTEN@", "127.0.0.1:" + std::to_string(port_)},
                                   {"@GATEWAY@", "127.0.0.1:" + std::to_string(gateway_port)}});
    std::istringstream lines(conf);
    for (std::string line; std::getline(lines, line);) {
      const size_t text = line.find_first_not_of(' ');
      if (text != std::string::npos && line[text] != '#' && line.find('@') != std::string::npos)
        throw std::runtime_error("an unfilled placeholder is left in the nginx config: " + line);
    }
    WriteFile(dir_ + "/nginx.conf", conf);
    pid_ = fork();
    if (pid_ == 0) {
      execl("/usr/sbin/nginx", "nginx", "-p", dir_.c_str(), "-c", (dir_ + "/nginx.conf").c_str(), "-g",
            "daemon off;", static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 100; ++i) {
      if (Get("/healthz").status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("nginx did not come up; see " + dir_ + "/error.log: " + ReadFile(dir_ + "/error.log"));
  }
  ~NginxFront() {
    kill(pid_, SIGQUIT);
    waitpid(pid_, nullptr, 0);
  }
  int port() const { return port_; }

  struct Result {
    long status = 0;
    double seconds = 0;
    curl_off_t uploaded = 0;
    std::string body;
    std::string headers;  // the raw header block
  };
  // One HTTPS request through nginx (its certificate is self-signed).
  Result Request(const std::string& method, const std::string& path, const std::string& body,
                 const std::vector<std::string>& headers) const {
    Result r;
    CURL* c = curl_easy_init();
    const std::string url = "https://127.0.0.1:" + std::to_string(port_) + path;
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_EXPECT_100_TIMEOUT_MS, 10000L);  // wait for nginx's verdict
    if (!body.empty()) {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
    curl_slist* list = nullptr;
    for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, +[](char* p, size_t s, size_t n, void* out) {
      static_cast<std::string*>(out)->append(p, s * n);
      return s * n;
    });
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, +[](char* p, size_t s, size_t n, void* out) {
      static_cast<std::string*>(out)->append(p, s * n);
      return s * n;
    });
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r.headers);
    const auto start = Clock::now();
    curl_easy_perform(c);
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_easy_getinfo(c, CURLINFO_SIZE_UPLOAD_T, &r.uploaded);
    curl_slist_free_all(list);
    curl_easy_cleanup(c);
    return r;
  }
  Result Get(const std::string& path) const { return Request("GET", path, "", {}); }

 private:
  std::string dir_;
  int port_;
  pid_t pid_ = -1;
};

// A TCP connection to `port` that sends `bytes` and then waits; returns how long until
// the peer closed it (or `limit_s` if it never did).
double SecondsUntilClosed(int port, const std::string& bytes, double limit_s) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return -1;
  if (!bytes.empty()) (void)!write(fd, bytes.data(), bytes.size());
  timeval tv{static_cast<time_t>(limit_s), 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  const auto start = Clock::now();
  char buf[512];
  while (read(fd, buf, sizeof buf) > 0) {}
  close(fd);
  return std::chrono::duration<double>(Clock::now() - start).count();
}

class NginxFrontTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (access("/usr/sbin/nginx", X_OK) != 0) GTEST_SKIP() << "nginx is not installed (scripts/setup installs it)";
    server_ = new TestServer();
    server_->Start();
    const std::string url = server_->url("");
    front_ = new NginxFront(server_->dir(), std::stoi(url.substr(url.rfind(':') + 1)));
  }
  static void TearDownTestSuite() {
    delete front_;
    delete server_;
  }
  void SetUp() override {
    if (!front_) GTEST_SKIP();
  }
  static TestServer* server_;
  static NginxFront* front_;
};
TestServer* NginxFrontTest::server_ = nullptr;
NginxFront* NginxFrontTest::front_ = nullptr;

TEST_F(NginxFrontTest, ServesTheApiOverTls) {
  EXPECT_EQ(front_->Get("/healthz").status, 200);
  EXPECT_EQ(front_->Get("/v1/feed").status, 200);
  auto share = front_->Request("POST", "/v1/shares",
                               json({{"user_id", "u"}, {"prompt", "a lighthouse"},
                                     {"image", Base64(MakeImage(64, 64))}}).dump(),
                               {"Authorization: Bearer " + std::string(kProductKey), "Content-Type: application/json"});
  EXPECT_EQ(share.status, 200) << share.body;
  EXPECT_EQ(front_->Request("TRACE", "/healthz", "", {}).status, 405);
}

TEST_F(NginxFrontTest, PublicReadsAreMicroCachedAndCuratorChangesShowWithinTwoSeconds) {
  ASSERT_EQ(server_->Share("mia", "a lighthouse", MakeImage(48, 48, ".png", 77)).status, 200);
  std::string post;
  const json feed = server_->Get("/v1/feed?limit=100").Json();
  for (const auto& p : feed["items"])
    if (p["user_id"] == "mia") post = p["post_id"];
  ASSERT_FALSE(post.empty());
  auto shows_mia = [&] { return front_->Get("/v1/feed?limit=100").body.find("\"mia\"") != std::string::npos; };
  for (int i = 0; i < 30 && !shows_mia(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(shows_mia());
  EXPECT_NE(front_->Get("/v1/feed?limit=100").headers.find("X-Cache: HIT"), std::string::npos);
  auto curator = front_->Request("GET", "/v1/feed?include_hidden=true", "",
                                 {"Authorization: Bearer " + std::string(kCuratorKey)});
  EXPECT_EQ(curator.status, 200);
  EXPECT_EQ(curator.headers.find("X-Cache: HIT"), std::string::npos) << "a keyed view is never cached";

  ASSERT_EQ(server_->Post("/v1/feed/" + post + "/hide", json::object(), kCuratorKey).status, 200);
  const auto start = Clock::now();
  while (shows_mia() && Clock::now() - start < std::chrono::seconds(5))
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_LT(seconds, 2.5) << "the hide reached readers behind the front";
}

TEST_F(NginxFrontTest, UnauthenticatedUploadsAreRefusedBeforeTheirBodyIsSent) {
  const std::string big(15 << 20, 'x');
  const std::vector<std::string> keys = {"", "Authorization: Bearer wrong-key",
                                         std::string("Authorization: Bearer ") + kReviewerKey};
  for (const std::string& key : keys) {
    auto r = front_->Request("POST", "/v1/shares", big, {"Expect: 100-continue", key});
    EXPECT_TRUE(r.status == 401 || r.status == 403) << key << ": " << r.status;
    EXPECT_LT(r.uploaded, 1 << 20) << key << ": the body was sent anyway";
    EXPECT_LT(r.seconds, 3.0) << key;
  }
}

TEST_F(NginxFrontTest, HugeHeadersAreRefusedByTheFront) {
  const std::string header = "X-Filler: " + std::string(64 << 10, 'a');
  auto r = front_->Request("GET", "/healthz", "", {header});
  EXPECT_TRUE(r.status == 400 || r.status == 494) << r.status;
  EXPECT_EQ(front_->Get("/healthz").status, 200);
}

TEST_F(NginxFrontTest, SilentAndIdleConnectionsAreShedAndDoNotBlockOthers) {
  std::vector<std::thread> idle;
  std::vector<double> closed(200, -1);
  for (int i = 0; i < 200; ++i)
    idle.emplace_back([&, i] { closed[i] = SecondsUntilClosed(front_->port(), i % 2 ? "" : "\x16\x03\x01", 25); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto health = front_->Get("/healthz");  // while 200 sockets sit open
  EXPECT_EQ(health.status, 200);
  EXPECT_LT(health.seconds, 2.0);
  for (auto& t : idle) t.join();
  for (double s : closed) {
    EXPECT_GE(s, 0);
    EXPECT_LT(s, 15.0);  // client_header_timeout 10 s, with slack
  }
}

TEST_F(NginxFrontTest, FloodsFromOneAddressGet429) {
  int limited = 0, answered = 0;
  std::map<long, int> statuses;
  for (int i = 0; i < 80; ++i) {
    auto r = front_->Request("POST", "/v1/shares", "{}", {"Authorization: Bearer " + std::string(kProductKey)});
    limited += r.status == 429;
    answered += r.status == 400;  // the gateway's own answer to an empty share
    ++statuses[r.status];
  }
  for (const auto& [status, n] : statuses) std::cerr << "HTTP " << status << ": " << n << "\n";
  EXPECT_GT(limited, 0);
  EXPECT_GE(answered, 20);  // the burst went through
  EXPECT_EQ(server_->Get("/healthz").status, 200);
}

}  // namespace
}  // namespace postern::testing
