// JSON views of stored records, as the API shows them.
#pragma once

#include <string>
#include <vector>

#include "gateway/store/records.h"

namespace postern {

json ShareToJson(const ShareRecord& s);
json FeedPostToJson(const FeedPost& p, const std::string& base_url);
json DeliveryToJson(const DeliveryRecord& d);
json AccountToJson(const Account& a);
// `near_duplicates` is added for pending items only (null leaves it out).
json ReviewItemToJson(const ReviewItem& r, const std::vector<std::string>* near_duplicates = nullptr);

}  // namespace postern
