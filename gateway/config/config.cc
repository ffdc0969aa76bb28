#include "gateway/config/config.h"

#include "gateway/config/yaml_json.h"

#include <filesystem>
#include <fstream>
#include <sstream>


#include "gateway/check.h"
#include "gateway/connector.h"
#include "gateway/base/util.h"

namespace postern {
namespace {

ConfigField F(std::string name, FieldType t, json def, std::string help = "") {
  ConfigField f;
  f.name = std::move(name);
  f.type = t;
  f.default_value = std::move(def);
  f.help = std::move(help);
  return f;
}
ConfigField Range(ConfigField f, double lo, double hi) { f.min = lo; f.max = hi; return f; }
ConfigField OneOf(ConfigField f, std::vector<std::string> v) { f.one_of = std::move(v); return f; }

// The gateway's own top-level schema (plugin and connector `config` blocks are
// validated afterwards against their factories' schemas).
ConfigSchema TopSchema() {
  using T = FieldType;
  ConfigField server = F("server", T::kObject, json::object());
  server.fields = {
      F("listen", T::kString, "127.0.0.1:8080", "host:port to listen on"),
      Range(F("max_body_bytes", T::kInt, 16 << 20), 1024, 1 << 30),
      Range(F("workers", T::kInt, 2), 1, 256),
      Range(F("queue_depth", T::kInt, 64), 1, 100000),
      F("public_base_url", T::kString, ""),
      F("assets_dir", T::kString, ""),
      F("web_dir", T::kString, ""),
  };
  ConfigField storage = F("storage", T::kObject, json::object());
  // Exactly one backend: sqlite (the embedded default) or postgres (several instances).
  ConfigField postgres = F("postgres", T::kObject, json::object());
  postgres.fields = {F("dsn", T::kString, "", "libpq connection string or postgresql:// URI"),
                     Range(F("pool_size", T::kInt, 8), 1, 1000)};
  storage.fields = {F("sqlite", T::kString, "var/postern.db"), postgres};
  ConfigField key = F("keys", T::kObjectList, json::array());
  key.fields = {F("name", T::kString, nullptr),
                OneOf(F("role", T::kString, nullptr), {"product", "reviewer", "curator", "admin"}),
                F("sha256", T::kString, nullptr)};
  ConfigField auth = F("auth", T::kObject, json::object());
  auth.fields = {key};
  ConfigField plugin = F("plugins", T::kObjectList, json::array());
  plugin.fields = {F("name", T::kString, nullptr),
                   F("enabled", T::kBool, true),
                   OneOf(F("mode", T::kString, "enforce"), {"enforce", "shadow"}),
                   OneOf(F("on_error", T::kString, "hold"), {"reject", "hold", "allow"}),
                   Range(F("timeout_ms", T::kInt, 2000), 1, 600000),
                   F("config", T::kObject, json::object())};
  ConfigField connector = F("connectors", T::kObjectList, json::array());
  connector.fields = {F("name", T::kString, nullptr), F("enabled", T::kBool, true),
                      F("config", T::kObject, json::object())};
  ConfigField shares = F("shares", T::kObject, json::object());
  shares.fields = {F("default_destinations", T::kStringList, json::array({"showcase"}))};
  ConfigField review = F("review", T::kObject, json::object());
  review.fields = {Range(F("strikes_to_deactivate", T::kInt, 3), 1, 1000),
                   Range(F("strike_window_days", T::kInt, 90), 1, 3650),
                   Range(F("claim_ttl_s", T::kInt, 900), 1, 86400),
                   F("reason_codes", T::kStringList,
                     json::array({"sexual", "photoreal_face", "hate", "violence", "self_harm", "harassment",
                                  "illegal", "public_figure", "spam", "other"})),
                   Range(F("reports_to_hide", T::kInt, 3), 1, 1000)};
  ConfigField delivery = F("delivery", T::kObject, json::object());
  delivery.fields = {Range(F("workers", T::kInt, 2), 1, 64),
                     Range(F("max_attempts", T::kInt, 12), 1, 1000),
                     Range(F("max_age_s", T::kInt, 86400), 1, 30 * 86400),
                     Range(F("base_backoff_s", T::kInt, 2), 0, 3600),
                     Range(F("max_backoff_s", T::kInt, 3600), 1, 86400)};
  auto rule = [](const std::string& name, const std::string& help) {
    ConfigField f = F(name, T::kObject, json::object(), help);
    f.fields = {Range(F("shares", T::kInt, 0, "shares accepted per window; 0 = no limit"), 0, 1e9),
                Range(F("per_s", T::kInt, 60, "window length in seconds"), 1, 86400)};
    return f;
  };
  ConfigField redis = F("redis", T::kObject, json::object(), "count limits in Redis, shared by every instance");
  redis.fields = {F("url", T::kString, "", "redis://host:port; empty = count in this process"),
                  Range(F("timeout_ms", T::kInt, 50, "longest wait for Redis per share"), 1, 5000)};
  ConfigField limits = F("limits", T::kObject, json::object());
  limits.fields = {rule("per_user", "per user_id"), rule("per_key", "per API key"), redis,
                   OneOf(F("on_redis_error", T::kString, "allow", "when Redis cannot be asked: serve or refuse (503)"),
                         {"allow", "deny"})};
  return {server, storage, auth, plugin, connector, shares, review, delivery, limits};
}

}  // namespace

Status ParseConfig(const std::string& yaml_text, const std::string& path, Config* out,
                   std::vector<std::string>* errors) {
  json doc;
  if (Status st = YamlToJson(yaml_text, &doc); !st.ok()) {
    errors->push_back(st.message());
    return st;
  }
  json v = ValidateConfig(TopSchema(), doc, "$", errors);
  // Paths read better without the "$." root marker.
  for (auto& e : *errors) if (e.rfind("$.", 0) == 0) e = e.substr(2);

  Config c;
  c.path = path;
  auto slash = path.find_last_of('/');
  c.dir = slash == std::string::npos ? "." : path.substr(0, slash);
  c.hash = Sha256Hex(yaml_text);

  const std::string listen = v["server"]["listen"];
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    errors->push_back("server.listen: must be host:port");
  } else {
    c.host = listen.substr(0, colon);
    try {
      c.port = std::stoi(listen.substr(colon + 1));
    } catch (...) { c.port = -1; }
    if (c.port < 0 || c.port > 65535) errors->push_back("server.listen: bad port in \"" + listen + "\"");
  }
  c.max_body_bytes = v["server"]["max_body_bytes"];
  c.workers = v["server"]["workers"];
  c.queue_depth = v["server"]["queue_depth"];
  c.public_base_url = v["server"]["public_base_url"];
  if (c.public_base_url.empty()) c.public_base_url = "http://" + c.host + ":" + std::to_string(c.port);
  while (!c.public_base_url.empty() && c.public_base_url.back() == '/') c.public_base_url.pop_back();
  c.assets_dir = v["server"]["assets_dir"];
  if (c.assets_dir.empty()) {
    c.assets_dir = DefaultAssetsDir(c.dir);
  } else {
    c.assets_dir = ResolveBesideConfig(c.dir, c.assets_dir);
  }
  c.sqlite_path = v["storage"]["sqlite"];
  for (auto [name, rule] : {std::pair{"per_user", &c.limit_per_user}, std::pair{"per_key", &c.limit_per_key}}) {
    rule->shares = v["limits"][name]["shares"];
    rule->per_s = v["limits"][name]["per_s"];
  }
  if (const std::string url = v["limits"]["redis"]["url"]; !url.empty() &&
      !ParseRedisUrl(url, &c.redis_host, &c.redis_port))
    errors->push_back("limits.redis.url: \"" + url + "\" is not redis://host[:port]");
  c.redis_timeout_ms = v["limits"]["redis"]["timeout_ms"];
  c.redis_error_allows = v["limits"]["on_redis_error"] == "allow";
  const json& storage_in = doc.is_object() && doc.contains("storage") ? doc["storage"] : json();
  if (storage_in.is_object() && storage_in.contains("postgres")) {
    // Naming postgres replaces the sqlite default; naming both is a mistake to report.
    if (storage_in.contains("sqlite"))
      errors->push_back("storage: set one of storage.sqlite and storage.postgres, not both");
    c.sqlite_path.clear();
    c.postgres_dsn = v["storage"]["postgres"]["dsn"];
    c.postgres_pool_size = v["storage"]["postgres"]["pool_size"];
    if (c.postgres_dsn.empty()) errors->push_back("storage.postgres.dsn: required with storage.postgres");
  }

  for (size_t i = 0; i < v["auth"]["keys"].size(); ++i) {
    const auto& k = v["auth"]["keys"][i];
    AuthKey key{k.value("name", ""), k.value("role", ""), k.value("sha256", "")};
    bool hex = key.sha256.size() == 64 &&
               key.sha256.find_first_not_of("0123456789abcdef") == std::string::npos;
    if (!hex) errors->push_back("auth.keys[" + std::to_string(i) + "].sha256: must be 64 lower-case hex digits");
    c.keys.push_back(key);
  }

  for (size_t i = 0; i < v["plugins"].size(); ++i) {
    const auto& p = v["plugins"][i];
    const std::string at = "plugins[" + std::to_string(i) + "]";
    PluginConfig pc;
    pc.name = p.value("name", "");
    pc.enabled = p["enabled"];
    ParseEnum(p["mode"].get<std::string>(), &pc.mode);  // the schema allowed only their names
    ParseEnum(p["on_error"].get<std::string>(), &pc.on_error);
    pc.timeout_ms = p["timeout_ms"];
    auto it = CheckRegistry().find(pc.name);
    if (it == CheckRegistry().end()) {
      errors->push_back(at + ".name: unknown plugin \"" + pc.name + "\"");
      continue;
    }
    pc.config = ValidateConfig(it->second->schema(), p["config"], at + ".config", errors);
    c.plugins.push_back(pc);
  }
  for (size_t i = 0; i < v["connectors"].size(); ++i) {
    const auto& p = v["connectors"][i];
    const std::string at = "connectors[" + std::to_string(i) + "]";
    ConnectorConfig cc;
    cc.name = p.value("name", "");
    cc.enabled = p["enabled"];
    auto it = ConnectorRegistry().find(cc.name);
    if (it == ConnectorRegistry().end()) {
      errors->push_back(at + ".name: unknown connector \"" + cc.name + "\"");
      continue;
    }
    cc.config = ValidateConfig(it->second->schema(), p["config"], at + ".config", errors);
    c.connectors.push_back(cc);
  }
  c.default_destinations = v["shares"]["default_destinations"].get<std::vector<std::string>>();
  for (const auto& d : c.default_destinations) {
    bool found = false;
    for (const auto& cc : c.connectors) found |= (cc.name == d && cc.enabled);
    if (!found) errors->push_back("shares.default_destinations: \"" + d + "\" is not an enabled connector");
  }
  c.strikes.strikes_to_deactivate = v["review"]["strikes_to_deactivate"];
  c.strikes.strike_window_days = v["review"]["strike_window_days"];
  c.claim_ttl_s = v["review"]["claim_ttl_s"];
  c.reason_codes = v["review"]["reason_codes"].get<std::vector<std::string>>();
  c.reports_to_hide = v["review"]["reports_to_hide"];
  c.delivery_workers = v["delivery"]["workers"];
  c.delivery_max_attempts = v["delivery"]["max_attempts"];
  c.delivery_max_age_s = v["delivery"]["max_age_s"];
  c.delivery_base_backoff_s = v["delivery"]["base_backoff_s"];
  c.delivery_max_backoff_s = v["delivery"]["max_backoff_s"];
  c.web_dir = v["server"]["web_dir"];
  c.web_dir = ResolveBesideConfig(c.dir, c.web_dir.empty() ? std::string("../web") : c.web_dir);

  if (!errors->empty()) return Status::InvalidConfig("config has errors");
  *out = std::move(c);
  return Status::OK();
}

Status LoadConfig(const std::string& path, Config* out, std::vector<std::string>* errors) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    errors->push_back(path + ": cannot read file");
    return Status::InvalidConfig("cannot read " + path);
  }
  // One byte past the limit is enough to refuse it: never read a huge file whole.
  std::string text(kMaxConfigBytes + 1, '\0');
  f.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(f.gcount()));
  return ParseConfig(text, path, out, errors);
}

}  // namespace postern
