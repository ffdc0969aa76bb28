// Hash banks: loading the hash-list shapes other tools write, export round trip,
// modes, quality floor, runtime additions and the process-wide registry.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "plugins/hash_match/hash_bank.h"
#include "tests/support/paths.h"

namespace postern::hash_match {
namespace {

using testing::PdqVectorsDir;

std::vector<BankEntry> Parse(const std::string& text, Status* status = nullptr) {
  std::istringstream in(text);
  std::vector<BankEntry> out;
  Status s = ParseHashList(in, "test", &out, nullptr);
  if (status) *status = s;
  else EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

Hash256 H(const std::string& hex) {
  Hash256 h;
  EXPECT_TRUE(Hash256::FromHex(hex, &h)) << hex;
  return h;
}

const std::string kA = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22";
const std::string kB = "e4cc89d91c623842f8d1f1d9a398e78c9f199a3bf87925f2b7e11e0bf061b064";

TEST(HashList, LoadsTheSharedHashListsAndRejects64BitOnes) {
  for (const std::string name : {"haystack.txt", "needles.txt", "long256.dat", "short256.dat", "order256.dat"}) {
    std::ifstream in(PdqVectorsDir() + "/hash-lists/" + name);
    ASSERT_TRUE(in) << name;
    std::vector<BankEntry> out;
    ImportStats stats;
    Status s = ParseHashList(in, name, &out, &stats);
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(out.size(), stats.lines - stats.skipped) << name;
  }
  std::ifstream in(PdqVectorsDir() + "/hash-lists/haystack.txt");
  std::vector<BankEntry> haystack;
  ASSERT_TRUE(ParseHashList(in, "haystack", &haystack, nullptr).ok());
  EXPECT_EQ(haystack.size(), 1350u);

  std::ifstream in64(PdqVectorsDir() + "/hash-lists/short64.dat");
  std::vector<BankEntry> out;
  Status s = ParseHashList(in64, "short64.dat", &out, nullptr);
  EXPECT_EQ(s.code(), ::postern::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("short64.dat:1:"), std::string::npos) << s.message();
  EXPECT_TRUE(out.empty());
}

TEST(HashList, ReadsTheReferenceToolsOutputShapes) {
  // CSV with a header whose hash is not the first column (cpp-reference.csv).
  std::ifstream csv(PdqVectorsDir() + "/expected/cpp-reference.csv");
  std::vector<BankEntry> ref;
  ASSERT_TRUE(ParseHashList(csv, "cpp-reference.csv", &ref, nullptr).ok());
  ASSERT_EQ(ref.size(), 49u);
  EXPECT_EQ(ref[0].hash, H(kA));
  EXPECT_EQ(ref[0].quality, 100);
  EXPECT_EQ(ref[0].meta, "bridge-mods/aaa-orig.jpg,1600,1004,srgb,8,361182");

  // --details lines: key=value fields.
  std::ifstream details(PdqVectorsDir() + "/expected/raw/pdq-photo-hasher_--details.txt");
  std::vector<BankEntry> det;
  ASSERT_TRUE(ParseHashList(details, "details", &det, nullptr).ok());
  ASSERT_EQ(det.size(), 49u);
  for (size_t i = 0; i < det.size(); ++i) {
    EXPECT_EQ(det[i].hash, ref[i].hash);
    EXPECT_EQ(det[i].quality, ref[i].quality);
  }
  EXPECT_EQ(det[0].meta, "norm=128,filename=bridge-mods/aaa-orig.jpg");

  // Plain "hex,quality,path", space/tab separated, signal-type prefixed, comments, CRLF.
  auto rows = Parse("# banked by hand\r\n" + kA + ",87,some/file name.jpg\r\n\r\n" + kB +
                    "\t12\tx.png\n" + "pdq " + kA + " case 7\n" + kB + "\n" +
                    std::string(kA.begin(), kA.end()) + " 101\n");
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].quality, 87);
  EXPECT_EQ(rows[0].meta, "some/file name.jpg");
  EXPECT_EQ(rows[1].hash, H(kB));
  EXPECT_EQ(rows[1].quality, 12);
  EXPECT_EQ(rows[1].meta, "x.png");
  EXPECT_EQ(rows[2].hash, H(kA));
  EXPECT_EQ(rows[2].quality, -1);  // "case" is not a number
  EXPECT_EQ(rows[2].meta, "pdq case 7");
  EXPECT_EQ(rows[3].meta, "");
  EXPECT_EQ(rows[4].quality, -1);  // 101 is no PDQ quality: kept as meta
  EXPECT_EQ(rows[4].meta, "101");

  // Upper-case hex, quoted CSV cells, a ThreatExchange-style header.
  std::string upper = kB;
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  auto te = Parse("indicator_id,signal_type,signal_value,quality\n17,pdq,\"" + upper + "\",90\n");
  ASSERT_EQ(te.size(), 1u);
  EXPECT_EQ(te[0].hash, H(kB));
  EXPECT_EQ(te[0].quality, 90);
  EXPECT_EQ(te[0].meta, "17,pdq");
}

TEST(HashList, ABadLineFailsTheWholeImportWithItsNumber) {
  Status s;
  auto rows = Parse(kA + "\n" + kB + "\n" + kA.substr(0, 40) + "\n", &s);
  EXPECT_EQ(s.code(), ::postern::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("test:3:"), std::string::npos) << s.message();
  EXPECT_TRUE(rows.empty());
}

TEST(HashList, ExportRoundTrips) {
  std::vector<BankEntry> entries = {{H(kA), 100, "bridge.jpg"}, {H(kB), -1, ""},
                                    {H(kB), -1, "note, with comma"}, {H(kA), 55, ""}};
  std::ostringstream out;
  WriteHashList(entries, out);
  EXPECT_EQ(out.str().substr(0, 64 + 15), kA + ",100,bridge.jpg");
  auto back = Parse(out.str());
  ASSERT_EQ(back.size(), entries.size());
  for (size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(back[i].hash, entries[i].hash);
    EXPECT_EQ(back[i].quality, entries[i].quality);
    EXPECT_EQ(back[i].meta, entries[i].meta);
  }
}

TEST(HashBank, ModesQualityFloorAndRuntimeAdds) {
  HashBank bank("t", BankMode::kEnabled);
  bank.Load({{H(kA), 100, "a"}, {H(kB), 30, "low quality original"}});
  EXPECT_EQ(bank.size(), 2u);
  auto m = bank.Query(H(kA), 31, 50);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].bank, "t");
  EXPECT_EQ(m[0].distance, 0);
  EXPECT_EQ(m[0].entry.meta, "a");
  EXPECT_TRUE(bank.Query(H(kB), 31, 50).empty());  // banked quality 30 < 50
  EXPECT_EQ(bank.Query(H(kB), 31, 0).size(), 1u);

  bank.set_mode(BankMode::kShadow);
  m = bank.Query(H(kA), 31, 50);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].mode, BankMode::kShadow);
  bank.set_mode(BankMode::kDisabled);
  EXPECT_TRUE(bank.Query(H(kA), 31, 50).empty());
  bank.set_mode(BankMode::kEnabled);

  Hash256 c = H(kA);
  c.w[0] = ~c.w[0];
  c.w[1] = ~c.w[1];  // 128 bits away from A
  EXPECT_TRUE(bank.Query(c, 31, 50).empty());
  bank.Add({c, 90, "confirmed share s1"});
  EXPECT_EQ(bank.Query(c, 31, 50).size(), 1u);
  // Reloading the file entries keeps what was added at runtime.
  bank.Load({{H(kB), 80, "b"}});
  EXPECT_EQ(bank.size(), 2u);
  EXPECT_EQ(bank.Query(c, 31, 50).size(), 1u);
  EXPECT_TRUE(bank.Query(H(kA), 31, 50).empty());
  EXPECT_EQ(bank.RemoveHash(c), 1u);
  EXPECT_TRUE(bank.Query(c, 31, 50).empty());
  auto entries = bank.Entries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].meta, "b");
}

TEST(HashBank, LoadsFilesAndReportsBadOnes) {
  HashBank bank("haystack", BankMode::kEnabled);
  ImportStats stats;
  ASSERT_TRUE(bank.LoadFile(PdqVectorsDir() + "/hash-lists/haystack.txt", &stats).ok());
  EXPECT_EQ(bank.size(), 1350u);
  EXPECT_EQ(stats.hashes, 1350u);
  EXPECT_EQ(bank.LoadFile("/nonexistent/list.txt").code(), ::postern::StatusCode::kIOError);
  EXPECT_EQ(bank.LoadFile(PdqVectorsDir() + "/hash-lists/long64.dat").code(), ::postern::StatusCode::kInvalidArgument);
  EXPECT_EQ(bank.size(), 1350u);  // a failed load changes nothing
  std::ostringstream out;
  bank.ExportText(out);
  std::istringstream back(out.str());
  std::vector<BankEntry> again;
  ASSERT_TRUE(ParseHashList(back, "export", &again, nullptr).ok());
  EXPECT_EQ(again.size(), 1350u);
}

TEST(HashBankRegistry, OneBankPerNameKeepsItsFirstMode) {
  auto& reg = HashBankRegistry::Global();
  auto bank = reg.GetOrCreate("registry-test", BankMode::kEnabled);
  bank->Add({H(kA), 100, "x"});
  EXPECT_EQ(reg.GetOrCreate("registry-test", BankMode::kShadow), bank);
  EXPECT_EQ(reg.Find("registry-test")->mode(), BankMode::kEnabled);
  EXPECT_EQ(reg.Find("registry-test")->Query(H(kA), 31, 50).size(), 1u);
  EXPECT_EQ(reg.Find("no-such-bank"), nullptr);
}

}  // namespace
}  // namespace postern::hash_match
