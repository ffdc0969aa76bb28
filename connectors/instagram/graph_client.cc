#include "connectors/instagram/graph_client.h"

#include "connectors/common/http_client.h"

namespace postern::instagram {

GraphReply GraphClient::Get(const std::string& path,
                            const std::vector<std::pair<std::string, std::string>>& query) const {
  auto q = query;
  q.emplace_back("access_token", access_.access_token);
  return Call("GET", path, connector_common::FormEncode(q), "");
}

GraphReply GraphClient::Post(const std::string& path,
                             std::vector<std::pair<std::string, std::string>> form) const {
  form.emplace_back("access_token", access_.access_token);
  return Call("POST", path, "", connector_common::FormEncode(form));
}

GraphReply GraphClient::Call(const std::string& method, const std::string& path,
                             const std::string& query, const std::string& body) const {
  connector_common::HttpCall call;
  call.method = method;
  call.url = access_.base_url + path + (query.empty() ? "" : "?" + query);
  call.body = body;
  call.connect_timeout_ms = access_.connect_timeout_ms;
  call.timeout_ms = access_.timeout_ms;
  if (method == "POST") call.headers = {"Content-Type: application/x-www-form-urlencoded"};
  connector_common::HttpReply r = connector_common::Perform(call);
  GraphReply g;
  const std::string what = method + " " + path;
  if (!r.transport_ok) {
    g.transport = true;
    g.timed_out = r.timed_out;
    g.reason = what + ": " + (r.timed_out ? "timed out: " : "no answer: ") + r.error;
    return g;
  }
  std::string usage = r.Header("x-business-use-case-usage");
  if (usage.empty()) usage = r.Header("x-app-usage");
  if (!usage.empty()) g.regain_access_s = RegainAccessSeconds(usage);
  if (r.status >= 200 && r.status < 300) {
    g.body = json::parse(r.body, nullptr, false);
    if (!g.body.is_discarded() && g.body.is_object() && !g.body.contains("error")) {
      g.ok = true;
      return g;
    }
  }
  if (!ParseGraphError(r.status, r.body, &g.error)) {
    g.error = GraphError{};
    g.error.http_status = r.status;
    g.reason = what + ": HTTP " + std::to_string(r.status) + " without a Graph API error";
    return g;
  }
  g.reason = what + ": " + Describe(g.error);
  return g;
}

}  // namespace postern::instagram
