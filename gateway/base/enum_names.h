// EnumName / ParseEnum: one table of stable names per enum (the words stored in the
// database, written to JSON and accepted from requests), instead of free strings
// compared all over the code. Specialise EnumNames<E> with a `rows` array.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace postern {

template <typename E>
struct EnumNames;  // static constexpr std::pair<E, const char*> rows[] = {...};

// The stable name of `e`; "" for a value missing from its table (a bug).
template <typename E>
const char* EnumName(E e) {
  for (const auto& row : EnumNames<E>::rows)
    if (row.first == e) return row.second;
  return "";
}

// Sets *out to the value named `name`; false (and *out untouched) for an unknown name.
template <typename E>
bool ParseEnum(std::string_view name, E* out) {
  for (const auto& row : EnumNames<E>::rows) {
    if (name == row.second) {
      *out = row.first;
      return true;
    }
  }
  return false;
}

// "a|b|c": the accepted names, for error messages.
template <typename E>
std::string EnumChoices() {
  std::string all;
  for (const auto& row : EnumNames<E>::rows) all += (all.empty() ? "" : "|") + std::string(row.second);
  return all;
}

}  // namespace postern
