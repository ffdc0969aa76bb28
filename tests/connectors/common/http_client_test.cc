// The outbound HTTP client against a real loopback server that answers with canned
// bytes: status, headers, body limits, timeouts, redirects, Retry-After in both forms,
// URL redaction and UTF-8-safe truncation.
#include "connectors/common/http_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gateway/schema.h"
#include "tests/support/ports.h"

namespace postern::connector_common {
namespace {

// Accepts one connection at a time on 127.0.0.1, records the request and answers with
// the raw bytes set by Answer(), optionally after a delay; then closes the connection.
class CannedHttpServer {
 public:
  CannedHttpServer() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(fd_, 8) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      throw std::runtime_error("canned server: cannot listen");
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~CannedHttpServer() {
    {
      std::lock_guard<std::mutex> l(mu_);
      stopping_ = true;
    }
    wake_.notify_all();
    shutdown(fd_, SHUT_RDWR);  // unblocks accept()
    thread_.join();
    close(fd_);
  }

  void Answer(std::string raw, int delay_ms = 0) {
    std::lock_guard<std::mutex> l(mu_);
    answer_ = std::move(raw);
    delay_ms_ = delay_ms;
  }
  std::string LastRequest() {
    std::lock_guard<std::mutex> l(mu_);
    return last_request_;
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  void Serve() {
    while (true) {
      int c = accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::string request = ReadRequest(c);
      std::unique_lock<std::mutex> l(mu_);
      last_request_ = request;
      const std::string answer = answer_;
      // Interruptible, so a delayed answer never holds up the destructor.
      wake_.wait_for(l, std::chrono::milliseconds(delay_ms_), [this] { return stopping_; });
      l.unlock();
      for (size_t sent = 0; sent < answer.size();) {
        ssize_t n = send(c, answer.data() + sent, answer.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;  // the client gave up (timeout, size limit)
        sent += static_cast<size_t>(n);
      }
      close(c);
    }
  }

  // The head and, per Content-Length, the body; gives up after 2 s of silence.
  static std::string ReadRequest(int c) {
    std::string in;
    size_t want = std::string::npos;
    char buf[4096];
    while (in.size() < want) {
      pollfd p{c, POLLIN, 0};
      if (poll(&p, 1, 2000) <= 0) break;
      ssize_t n = recv(c, buf, sizeof buf, 0);
      if (n <= 0) break;
      in.append(buf, static_cast<size_t>(n));
      const size_t head_end = in.find("\r\n\r\n");
      if (want == std::string::npos && head_end != std::string::npos) {
        std::string head = in.substr(0, head_end);
        for (auto& ch : head) ch = static_cast<char>(tolower(static_cast<unsigned char>(ch)));
        const size_t cl = head.find("content-length:");
        want = head_end + 4 + (cl == std::string::npos ? 0 : std::stoul(head.substr(cl + 15)));
      }
    }
    return in;
  }

  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::string answer_ = "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";
  int delay_ms_ = 0;
  std::string last_request_;
};

std::string Response(const std::string& status_line, const std::string& headers, const std::string& body) {
  return "HTTP/1.1 " + status_line + "\r\n" + headers + "Content-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body;
}

HttpCall Call(const std::string& method, const std::string& url) {
  HttpCall c;
  c.method = method;
  c.url = url;
  c.connect_timeout_ms = 1000;
  c.timeout_ms = 3000;
  return c;
}

// Strict UTF-8 check by the JSON library the reasons are later dumped with.
bool ValidUtf8(const std::string& s) {
  try {
    json(s).dump();
    return true;
  } catch (const json::exception&) {
    return false;
  }
}

TEST(HttpClient, SendsTheRequestAndReadsStatusHeadersAndBody) {
  CannedHttpServer server;
  server.Answer(Response("201 Created", "X-Request-Id: abc\r\nX-Dup: first\r\nX-DUP: second\r\n", "{\"ok\":true}"));
  HttpCall call = Call("POST", server.url("/in?x=1"));
  call.headers = {"Content-Type: application/json", "X-Signature: v1,sig"};
  call.body = "{\"n\":1}";
  HttpReply r = Perform(call);
  ASSERT_TRUE(r.transport_ok) << r.error;
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, "{\"ok\":true}");
  EXPECT_EQ(r.Header("x-request-id"), "abc");
  EXPECT_EQ(r.Header("x-dup"), "second");  // names lower-cased, last value wins
  EXPECT_EQ(r.Header("absent"), "");
  const std::string req = server.LastRequest();
  EXPECT_EQ(req.rfind("POST /in?x=1 HTTP/1.1\r\n", 0), 0u) << req;
  EXPECT_NE(req.find("X-Signature: v1,sig\r\n"), std::string::npos) << req;
  EXPECT_EQ(req.find("Expect:"), std::string::npos) << "no 100-continue round trip: " << req;
  EXPECT_EQ(req.substr(req.size() - 7), "{\"n\":1}");
}

TEST(HttpClient, RedirectsAreNotFollowed) {
  CannedHttpServer server;
  server.Answer(Response("302 Found", "Location: " + server.url("/elsewhere") + "\r\n", ""));
  HttpReply r = Perform(Call("GET", server.url("/start")));
  ASSERT_TRUE(r.transport_ok) << r.error;
  EXPECT_EQ(r.status, 302);
  EXPECT_NE(server.LastRequest().find("GET /start "), std::string::npos);
}

TEST(HttpClient, OversizedAnswerKeepsItsStatusAndSaysWhy) {
  CannedHttpServer server;
  server.Answer(Response("503 Service Unavailable", "", std::string(5000, 'x')));
  HttpCall call = Call("GET", server.url("/big"));
  call.max_response_bytes = 1000;
  HttpReply r = Perform(call);
  EXPECT_TRUE(r.transport_ok);
  EXPECT_EQ(r.status, 503);
  EXPECT_LE(r.body.size(), 1000u);
  EXPECT_EQ(r.error, "response larger than 1000 bytes");
}

TEST(HttpClient, SlowAnswerTimesOutWithinTheCallTimeout) {
  CannedHttpServer server;
  server.Answer(Response("200 OK", "", "late"), 3000);
  HttpCall call = Call("GET", server.url("/slow"));
  call.timeout_ms = 300;
  HttpReply r = Perform(call);
  EXPECT_FALSE(r.transport_ok);
  EXPECT_TRUE(r.timed_out);
  EXPECT_FALSE(r.bad_url);
  EXPECT_LT(r.seconds, 1.5);
}

TEST(HttpClient, RefusedConnectionAndBadSchemeAreTransportFailures) {
  HttpReply refused = Perform(Call("GET", "http://127.0.0.1:" + std::to_string(testing::FreeLoopbackPort()) + "/"));
  EXPECT_FALSE(refused.transport_ok);
  EXPECT_FALSE(refused.timed_out);
  EXPECT_FALSE(refused.bad_url);  // may work later: retry
  EXPECT_FALSE(refused.error.empty());
  HttpReply ftp = Perform(Call("GET", "ftp://127.0.0.1/file"));
  EXPECT_FALSE(ftp.transport_ok);
  EXPECT_TRUE(ftp.bad_url);  // will never work: permanent
}

TEST(HttpClient, ErrorsNeverCarryTheUrlOrItsSecrets) {
  const std::string url = "http://hook-user:s3cret-pass@127.0.0.1:" + std::to_string(testing::FreeLoopbackPort()) +
                          "/hook?token=t0ken-value#frag";
  HttpReply r = Perform(Call("POST", url));
  ASSERT_FALSE(r.transport_ok);
  for (const char* secret : {"s3cret-pass", "hook-user", "t0ken-value", "127.0.0.1"})
    EXPECT_EQ(r.error.find(secret), std::string::npos) << r.error;
  const std::string redacted = RedactUrl(url);
  EXPECT_EQ(redacted.find("s3cret-pass"), std::string::npos) << redacted;
  EXPECT_EQ(redacted.find("t0ken-value"), std::string::npos) << redacted;
}

TEST(HttpClient, RedactUrlDropsUserInfoQueryAndFragmentOnly) {
  EXPECT_EQ(RedactUrl("https://example.com/hooks/in?sig=abc&token=xyz"), "https://example.com/hooks/in");
  EXPECT_EQ(RedactUrl("https://user:pw@example.com:8443/in#part"), "https://example.com:8443/in");
  EXPECT_EQ(RedactUrl("http://user:pw@example.com"), "http://example.com");
  EXPECT_EQ(RedactUrl("http://token@example.com?x=1"), "http://example.com");
  // An "@" after the host is part of the path, not user-info.
  EXPECT_EQ(RedactUrl("http://example.com/users/@ana"), "http://example.com/users/@ana");
  EXPECT_EQ(RedactUrl("https://graph.facebook.com/v21.0/123/media"), "https://graph.facebook.com/v21.0/123/media");
  EXPECT_EQ(RedactUrl(""), "");
}

TEST(HttpClient, RetryAfterInSecondsFromARealAnswer) {
  CannedHttpServer server;
  server.Answer(Response("503 Service Unavailable", "Retry-After: 120\r\n", ""));
  HttpReply r = Perform(Call("POST", server.url("/busy")));
  ASSERT_TRUE(r.transport_ok) << r.error;
  EXPECT_EQ(ParseRetryAfter(r.Header("retry-after"), 1700000000), 120);
}

TEST(HttpClient, RetryAfterAsHttpDateFromARealAnswer) {
  CannedHttpServer server;
  server.Answer(Response("429 Too Many Requests", "retry-after: Sun, 06 Nov 1994 08:49:37 GMT\r\n", ""));
  HttpReply r = Perform(Call("POST", server.url("/busy")));
  ASSERT_TRUE(r.transport_ok) << r.error;
  const int64_t date = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT
  EXPECT_EQ(ParseRetryAfter(r.Header("retry-after"), date - 90), 90);
}

TEST(HttpClient, RetryAfterParsesEveryRfc7231FormAndClamps) {
  const int64_t date = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT
  EXPECT_EQ(ParseRetryAfter("0", date), 0);
  EXPECT_EQ(ParseRetryAfter("7", date), 7);
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", date - 30), 30);   // IMF-fixdate
  EXPECT_EQ(ParseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", date - 30), 30);  // obsolete RFC 850
  EXPECT_EQ(ParseRetryAfter("Sun Nov  6 08:49:37 1994", date - 30), 30);        // obsolete asctime
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", date + 600), 0);   // already past
  EXPECT_EQ(ParseRetryAfter("100000", date, 3600), 3600);                      // capped
  EXPECT_EQ(ParseRetryAfter("99999999999999999999", date, 3600), 3600);        // no overflow
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", date - 7200, 3600), 3600);
  EXPECT_EQ(ParseRetryAfter("", date), -1);
  EXPECT_EQ(ParseRetryAfter("soon", date), -1);
  EXPECT_EQ(ParseRetryAfter("-5", date), -1);
}

TEST(HttpClient, TruncateUtf8NeverCutsInsideACharacter) {
  EXPECT_EQ(TruncateUtf8("plain ascii", 5), "plain");
  EXPECT_EQ(TruncateUtf8("short", 100), "short");
  EXPECT_EQ(TruncateUtf8("ab\xC3\xA9", 3), "ab");            // é is 2 bytes
  EXPECT_EQ(TruncateUtf8("ab\xE2\x82\xAC", 4), "ab");        // € is 3 bytes
  EXPECT_EQ(TruncateUtf8("ab\xF0\x9F\x98\x80", 5), "ab");    // an emoji is 4 bytes
  EXPECT_EQ(TruncateUtf8("ab\xF0\x9F\x98\x80", 6), "ab\xF0\x9F\x98\x80");
  // Every cut of a mixed string is valid UTF-8, a prefix, and loses less than one character.
  const std::string mixed = "Heron, fog \xE2\x80\x94 \xE2\x80\x9Cquiet\xE2\x80\x9D \xC3\xA9t\xC3\xA9 \xF0\x9F\x90\xA6!";
  ASSERT_TRUE(ValidUtf8(mixed));
  for (size_t max = 0; max <= mixed.size() + 1; ++max) {
    const std::string cut = TruncateUtf8(mixed, max);
    EXPECT_LE(cut.size(), max);
    EXPECT_EQ(mixed.compare(0, cut.size(), cut), 0) << max;
    EXPECT_TRUE(ValidUtf8(cut)) << max;
    EXPECT_GT(cut.size() + 4, std::min(max, mixed.size())) << max;
  }
}

TEST(HttpClient, FormEncodeEscapesKeysAndValues) {
  EXPECT_EQ(FormEncode({{"caption", "a b&c=d"}, {"alt text", "\xC3\xA9"}}),
            "caption=a%20b%26c%3Dd&alt%20text=%C3%A9");
  EXPECT_EQ(FormEncode({}), "");
}

}  // namespace
}  // namespace postern::connector_common
