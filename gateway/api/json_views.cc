#include "gateway/api/json_views.h"

#include "gateway/base/util.h"

namespace postern {

namespace {

json TimeOrNull(int64_t t) { return t ? json(IsoTime(t)) : json(nullptr); }

}  // namespace

json ShareToJson(const ShareRecord& s) {
  json checks = json::array();
  for (const auto& c : s.checks) {
    json j = {{"plugin", c.plugin}, {"verdict", EnumName(c.verdict)}, {"mode", EnumName(c.mode)}, {"ms", c.ms}};
    if (!c.code.empty()) j["code"] = c.code;
    if (!c.message.empty()) j["message"] = c.message;
    json evidence = c.evidence;
    if (c.failed) evidence["failed"] = true;
    if (!evidence.empty()) j["evidence"] = evidence;
    checks.push_back(j);
  }
  json deliveries = json::array();
  for (const auto& d : s.deliveries) {
    json j = {{"destination", d.destination}, {"status", EnumName(d.state)}, {"attempts", d.attempts}};
    if (!d.url.empty()) j["url"] = d.url;
    if (!d.remote_id.empty()) j["remote_id"] = d.remote_id;
    if (!d.last_error.empty() && d.state != DeliveryState::kDelivered) j["last_error"] = d.last_error;
    deliveries.push_back(j);
  }
  return {{"share_id", s.id}, {"user_id", s.user_id}, {"decision", EnumName(s.decision)},
          {"reasons", s.reasons}, {"checks", checks}, {"deliveries", deliveries},
          {"config_hash", s.config_hash}, {"created_at", IsoTime(s.created_at)}};
}

json FeedPostToJson(const FeedPost& p, const std::string& base_url) {
  return {{"post_id", p.id}, {"user_id", p.user_id}, {"caption", p.caption},
          {"featured", p.featured}, {"hidden", p.hidden}, {"position", p.position},
          {"image_url", base_url + "/v1/media/" + p.id}, {"created_at", IsoTime(p.created_at)}};
}

json DeliveryToJson(const DeliveryRecord& d) {
  return {{"id", d.id}, {"share_id", d.share_id}, {"destination", d.destination}, {"status", EnumName(d.state)},
          {"attempts", d.attempts}, {"last_error", d.last_error}, {"remote_id", d.remote_id},
          {"url", d.url}, {"next_attempt_at", IsoTime(d.next_attempt_at)},
          {"updated_at", IsoTime(d.updated_at)}};
}

json AccountToJson(const Account& a) {
  return {{"user_id", a.user_id}, {"status", EnumName(a.status)}, {"strikes_in_window", a.strikes_in_window},
          {"strikes_total", a.strikes_total}, {"deactivated_at", TimeOrNull(a.deactivated_at)}};
}

json ReviewItemToJson(const ReviewItem& r, const std::vector<std::string>* near_duplicates) {
  json j = {{"share_id", r.share_id}, {"status", EnumName(r.status)}, {"source", EnumName(r.source)},
            {"user_id", r.share.user_id}, {"prompt", r.share.prompt}, {"caption", r.share.caption},
            {"decision", EnumName(r.share.decision)}, {"reasons", r.share.reasons}, {"plugins", r.plugins},
            {"codes", r.codes}, {"reports", r.reports}, {"created_at", IsoTime(r.created_at)},
            {"age_s", NowSeconds() - r.created_at},
            {"image_url", "/v1/review/" + r.share_id + "/image"}, {"note", r.note},
            {"reason_code", r.reason_code}, {"decided_by", r.decided_by},
            {"decided_at", TimeOrNull(r.decided_at)},
            {"claimed_by", r.claimed_by.empty() ? json(nullptr) : json(r.claimed_by)},
            {"claim_expires_at", TimeOrNull(r.claim_expires_at)}};
  if (near_duplicates) j["near_duplicates"] = *near_duplicates;
  return j;
}

}  // namespace postern
