// PDQ hashing. Every float operation follows the order of the published algorithm
// (running box sums, k-ascending DCT sums) so hashes match the reference bit for bit
// on identical pixels; loops are arranged so the compiler can vectorise across
// independent outputs without reordering any single output's arithmetic.
#include "plugins/hash_match/pdq.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <vector>

#include <opencv2/imgcodecs.hpp>

namespace postern::hash_match {
namespace {

constexpr int kPreResizeLimit = 512;  // the reference downsizes larger images first
constexpr int kDecimated = 64;
constexpr int kDct = 16;

// 16-bit samples keep their high byte, as OpenCV's own 8-bit decode does.
inline uint8_t HighByte(uint16_t v) { return static_cast<uint8_t>(v >> 8); }

// Fills `luma` (rows x cols) from `image`, sampling pixel (floor(x*W/cols),
// floor(y*H/rows)): the identity when no pre-resize is needed.
template <typename T, typename ToByte>
void SampleLuma(const cv::Mat& image, int rows, int cols, ToByte to_byte, float* luma) {
  const int ch = image.channels();
  const int64_t W = image.cols, H = image.rows;
  std::vector<int> src_x(cols);
  for (int x = 0; x < cols; ++x) src_x[x] = static_cast<int>(x * W / cols);
  // The reference's decoder hands over grey images (every pixel R == G == B) as one
  // channel, used as luma directly; the RGB formula would differ in the last float bit.
  bool grey = ch < 3;
  if (!grey) {
    grey = true;
    for (int y = 0; y < rows && grey; ++y) {
      const T* row = image.ptr<T>(static_cast<int>(y * H / rows));
      for (int x = 0; x < cols; ++x) {
        const T* p = row + static_cast<size_t>(src_x[x]) * ch;
        if (p[0] != p[1] || p[1] != p[2]) { grey = false; break; }
      }
    }
  }
  const float kR = 0.299f, kG = 0.587f, kB = 0.114f;
  for (int y = 0; y < rows; ++y) {
    const T* row = image.ptr<T>(static_cast<int>(y * H / rows));
    float* out = luma + static_cast<size_t>(y) * cols;
    for (int x = 0; x < cols; ++x) {
      const T* p = row + static_cast<size_t>(src_x[x]) * ch;
      if (grey) {
        out[x] = static_cast<float>(to_byte(p[0]));
      } else {
        float r = to_byte(p[2]), g = to_byte(p[1]), b = to_byte(p[0]);
        out[x] = kR * r + kG * g + kB * b;
      }
    }
  }
}

// One box-filter pass over `lanes` independent sequences of length n: element t of
// lane l is at [t * step + l * lane_step]. Output t averages inputs
// t - (w-1)/2 .. t + w/2 that exist, with a running sum updated in the reference's
// order (add the entering sample, then subtract the leaving one).
void BoxPass(const float* in, float* out, int n, int step, int lanes, int lane_step,
             int window, float* sums) {
  const int fwd = window / 2;
  std::fill(sums, sums + lanes, 0.0f);
  auto at = [&](int t, int l) -> size_t {
    return static_cast<size_t>(t) * step + static_cast<size_t>(l) * lane_step;
  };
  int count = 0;
  for (int t = 0; t < fwd; ++t) {  // fill the leading half window, no output yet
    ++count;
    for (int l = 0; l < lanes; ++l) sums[l] += in[at(t, l)];
  }
  for (int t = fwd; t < window; ++t) {  // outputs 0..back with a growing window
    ++count;
    const float c = static_cast<float>(count);
    for (int l = 0; l < lanes; ++l) {
      sums[l] += in[at(t, l)];
      out[at(t - fwd, l)] = sums[l] / c;
    }
  }
  const float full = static_cast<float>(count);
  for (int t = window; t < n; ++t) {  // full window sliding
    for (int l = 0; l < lanes; ++l) {
      sums[l] += in[at(t, l)];
      sums[l] -= in[at(t - window, l)];
      out[at(t - fwd, l)] = sums[l] / full;
    }
  }
  for (int li = n - window; li < n - window + fwd; ++li) {  // trailing, shrinking window
    --count;
    const float c = static_cast<float>(count);
    for (int l = 0; l < lanes; ++l) {
      sums[l] -= in[at(li, l)];
      out[at(li + window - fwd, l)] = sums[l] / c;
    }
  }
}

// Column pass with contiguous lanes (vectorises); row pass with strided lanes, done in
// blocks of rows so each block's running sums stay in registers / L1.
void BoxAlongRows(const float* in, float* out, int rows, int cols, int window,
                  float* sums) {
  constexpr int kBlock = 16;
  for (int r0 = 0; r0 < rows; r0 += kBlock) {
    int lanes = std::min(kBlock, rows - r0);
    BoxPass(in + static_cast<size_t>(r0) * cols, out + static_cast<size_t>(r0) * cols, cols,
            1, lanes, cols, window, sums);
  }
}

void BoxAlongCols(const float* in, float* out, int rows, int cols, int window,
                  float* sums) {
  BoxPass(in, out, rows, cols, cols, 1, window, sums);
}

const float* DctMatrix() {
  // 16 x 64: DCT-II rows 1..16 (the DC row is dropped).
  static const std::vector<float> m = [] {
    std::vector<float> d(kDct * kDecimated);
    const double scale = std::sqrt(2.0 / kDecimated);
    for (int i = 0; i < kDct; ++i)
      for (int j = 0; j < kDecimated; ++j)
        d[i * kDecimated + j] =
            static_cast<float>(scale * std::cos((M_PI / 2 / kDecimated) * (i + 1) * (2 * j + 1)));
    return d;
  }();
  return m.data();
}

int Quality(const float* a) {
  // Sum of truncated absolute neighbour differences on a 0..100 scale, / 90, capped.
  int sum = 0;
  for (int i = 0; i < kDecimated - 1; ++i)
    for (int j = 0; j < kDecimated; ++j) {
      float d = ((a[i * kDecimated + j] - a[(i + 1) * kDecimated + j]) * 100) / 255;
      sum += static_cast<int>(std::fabs(d));
    }
  for (int i = 0; i < kDecimated; ++i)
    for (int j = 0; j < kDecimated - 1; ++j) {
      float d = ((a[i * kDecimated + j] - a[i * kDecimated + j + 1]) * 100) / 255;
      sum += static_cast<int>(std::fabs(d));
    }
  return std::min(sum / 90, 100);
}

}  // namespace

PdqResult PdqHashFromLuma(const float* luma, int rows, int cols) {
  PdqResult result;
  if (rows < 5 || cols < 5) return result;

  std::vector<float> a(static_cast<size_t>(rows) * cols), b(a.size());
  std::copy(luma, luma + a.size(), a.begin());
  std::vector<float> sums(std::max(cols, 16));
  const int window_along_rows = (cols + 2 * kDecimated - 1) / (2 * kDecimated);
  const int window_along_cols = (rows + 2 * kDecimated - 1) / (2 * kDecimated);
  for (int pass = 0; pass < 2; ++pass) {
    BoxAlongRows(a.data(), b.data(), rows, cols, window_along_rows, sums.data());
    BoxAlongCols(b.data(), a.data(), rows, cols, window_along_cols, sums.data());
  }

  float small[kDecimated * kDecimated];
  for (int i = 0; i < kDecimated; ++i) {
    int si = static_cast<int>(((i + 0.5) * rows) / kDecimated);
    for (int j = 0; j < kDecimated; ++j) {
      int sj = static_cast<int>(((j + 0.5) * cols) / kDecimated);
      small[i * kDecimated + j] = a[static_cast<size_t>(si) * cols + sj];
    }
  }
  result.quality = Quality(small);

  // B = D * A * D^T, each sum taken in ascending k.
  const float* d = DctMatrix();
  float t[kDct * kDecimated] = {};
  for (int i = 0; i < kDct; ++i)
    for (int k = 0; k < kDecimated; ++k) {
      const float dik = d[i * kDecimated + k];
      for (int j = 0; j < kDecimated; ++j) t[i * kDecimated + j] += dik * small[k * kDecimated + j];
    }
  float dt[kDecimated * kDct];
  for (int j = 0; j < kDct; ++j)
    for (int k = 0; k < kDecimated; ++k) dt[k * kDct + j] = d[j * kDecimated + k];
  float coeff[kDct * kDct] = {};
  for (int i = 0; i < kDct; ++i)
    for (int k = 0; k < kDecimated; ++k) {
      const float tik = t[i * kDecimated + k];
      for (int j = 0; j < kDct; ++j) coeff[i * kDct + j] += tik * dt[k * kDct + j];
    }

  // Threshold at the lower median (the 128th smallest), so about half the bits are set.
  float sorted[kDct * kDct];
  std::copy(coeff, coeff + kDct * kDct, sorted);
  std::nth_element(sorted, sorted + 127, sorted + kDct * kDct);
  const float median = sorted[127];
  for (int k = 0; k < kDct * kDct; ++k)
    if (coeff[k] > median) result.hash.SetBit(k);
  return result;
}

PdqResult PdqHash(const cv::Mat& image) {
  if (image.empty() || image.dims != 2) return PdqResult{};
  int rows = image.rows, cols = image.cols;
  if (rows > kPreResizeLimit || cols > kPreResizeLimit) rows = cols = kPreResizeLimit;
  std::vector<float> luma(static_cast<size_t>(rows) * cols);
  if (image.depth() == CV_8U) {
    SampleLuma<uint8_t>(image, rows, cols, [](uint8_t v) { return v; }, luma.data());
  } else if (image.depth() == CV_16U) {
    SampleLuma<uint16_t>(image, rows, cols, HighByte, luma.data());
  } else {
    cv::Mat bytes;
    image.convertTo(bytes, CV_8U);
    return PdqHash(bytes);
  }
  return PdqHashFromLuma(luma.data(), rows, cols);
}

Status DecodeForPdq(const std::string& bytes, cv::Mat* out) {
  if (bytes.empty()) return Status::InvalidArgument("empty image");
  cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
  // IMREAD_UNCHANGED keeps grey as one channel and does not apply EXIF orientation.
  cv::Mat img;
  try {
    img = cv::imdecode(raw, cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception& e) {
    return Status::InvalidArgument(e.what());
  }
  if (img.empty()) return Status::InvalidArgument("not a decodable image");
  if (img.depth() == CV_16U) {
    // The reference tool's image loader keeps the LOW byte of 16-bit samples (its
    // published hash of a 16-bit PNG is reproduced only this way), so hashes of 16-bit
    // files match lists made with it. PdqHash() itself keeps the high byte instead.
    cv::Mat low;
    cv::bitwise_and(img, cv::Scalar::all(0xff), low);
    low.convertTo(img, CV_8U);
  } else if (img.depth() != CV_8U) {
    img.convertTo(img, CV_8U);
  }
  *out = img;
  return Status::OK();
}

Status ReadImageForPdq(const std::string& path, cv::Mat* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open " + path);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::IOError("cannot read " + path);
  Status s = DecodeForPdq(bytes, out);
  if (!s.ok()) return Status(s.code(), path + ": " + s.message());
  return Status::OK();
}

}  // namespace postern::hash_match
