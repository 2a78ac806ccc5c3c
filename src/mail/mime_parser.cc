#include "mail/mime_parser.h"

#include <algorithm>

#include "mail/ascii.h"
#include "mail/content_type.h"
#include "mail/header.h"
#include "mail/transfer_decode.h"

namespace tern::mail {
namespace {

// "--" + boundary + "--" fits; the rest of a long line is never needed.
constexpr std::size_t kLinePrefixBytes = kMaxBoundaryLength + 4;

}  // namespace

MimeParser::MimeParser() {
  // Frames hold pointers into the tree, never into frames_, but reserving keeps
  // references to frames_ elements valid across pushes inside one step.
  frames_.reserve(kMaxMimeDepth + 2);
  PushPart(&result_.root, false, true);
}

void MimeParser::PushPart(MessagePart* part, bool default_message, bool is_message_root) {
  Frame f;
  f.part = part;
  f.state = State::kHeader;
  f.default_message = default_message;
  f.is_message_root = is_message_root;
  frames_.push_back(std::move(f));
  header_buf_.clear();
  header_buf_line_start_ = 0;
  ++part_count_;
}

void MimeParser::Feed(std::string_view chunk) {
  if (finished_) return;
  while (!chunk.empty()) {
    const std::size_t lf = chunk.find('\n');
    const std::size_t take = lf == std::string_view::npos ? chunk.size() : lf + 1;
    Append(chunk.substr(0, take));
    chunk.remove_prefix(take);
    if (lf != std::string_view::npos) EndLine();
  }
}

void MimeParser::Append(std::string_view bytes) {
  if (line_prefix_.size() < kLinePrefixBytes) {
    line_prefix_.append(bytes.substr(0, kLinePrefixBytes - line_prefix_.size()));
  }
  if (frames_.back().state == State::kHeader) {
    if (header_buf_.size() < kMaxPartHeaderBytes) {
      const std::size_t room = kMaxPartHeaderBytes - header_buf_.size();
      if (bytes.size() > room) result_.limits_hit = true;
      header_buf_.append(bytes.substr(0, room));
    } else {
      result_.limits_hit = true;
    }
  }
  if (bytes.size() >= 2) {
    second_last_byte_ = bytes[bytes.size() - 2];
  } else {
    second_last_byte_ = last_byte_;
  }
  last_byte_ = bytes.back();
  line_len_ += bytes.size();
  offset_ += bytes.size();
}

void MimeParser::EndLine() {
  const std::uint64_t eol_len = (line_len_ >= 2 && second_last_byte_ == '\r') ? 2 : 1;
  ProcessLine(line_len_ - eol_len, eol_len);
  ++lf_count_;
  prev_eol_len_ = eol_len;
  line_start_ = offset_;
  line_len_ = 0;
  line_prefix_.clear();
  header_buf_line_start_ = header_buf_.size();
}

int MimeParser::FindBoundary(std::string_view after_dashes) const {
  // RFC 2046 section 5.1.2: search from the innermost multipart out, so a boundary reused
  // by a nested part is its own. Like Dovecot, a line need only begin with the boundary
  // (the RFC allows transport padding after it, and senders add junk), and of several
  // matching boundaries the longest wins, so "abc" and "abc-1" nest correctly.
  int best = -1;
  std::size_t best_len = 0;
  for (std::size_t i = frames_.size(); i-- > 0;) {
    const Frame& f = frames_[i];
    if (!f.boundary_active) continue;
    if (after_dashes.substr(0, f.boundary.size()) == f.boundary && f.boundary.size() > best_len) {
      best = static_cast<int>(i);
      best_len = f.boundary.size();
    }
  }
  return best;
}

void MimeParser::ProcessLine(std::uint64_t content_len, std::uint64_t eol_len) {
  const std::string_view content = std::string_view(line_prefix_).substr(
      0, static_cast<std::size_t>(std::min<std::uint64_t>(line_prefix_.size(), content_len)));
  if (content.size() >= 2 && content[0] == '-' && content[1] == '-') {
    const int f = FindBoundary(content.substr(2));
    if (f >= 0) {
      const std::string_view rest = content.substr(2 + frames_[static_cast<std::size_t>(f)].boundary.size());
      const bool close = rest.size() >= 2 && rest[0] == '-' && rest[1] == '-';
      OnBoundary(static_cast<std::size_t>(f), close);
      return;
    }
  }
  if (frames_.back().state == State::kHeader && content_len == 0) {
    EndHeader(line_start_ + eol_len);
  }
}

void MimeParser::OnBoundary(std::size_t frame_index, bool close) {
  // The line break before the delimiter belongs to the delimiter (RFC 2046 5.1.1).
  const std::uint64_t end = line_start_ - prev_eol_len_;
  while (frames_.size() > frame_index + 1) CloseTop(end);
  Frame& m = frames_[frame_index];
  if (close) {
    m.boundary_active = false;  // what follows is the epilogue
    return;
  }
  if (part_count_ >= kMaxMimeParts) {
    m.boundary_active = false;
    m.part->opaque = true;
    result_.limits_hit = true;
    return;
  }
  const bool digest = m.part->subtype == "digest";
  MessagePart child;
  child.header_offset = offset_;  // after this delimiter line
  m.part->children.push_back(std::move(child));
  PushPart(&m.part->children.back(), digest, false);
}

void MimeParser::EndHeader(std::uint64_t body_offset) {
  const std::size_t index = frames_.size() - 1;
  MessagePart& p = *frames_[index].part;
  p.header_size = body_offset - p.header_offset;
  p.body_offset = body_offset;
  ApplyHeader(index);
  header_buf_.clear();
  header_buf_line_start_ = 0;
  Frame& f = frames_[index];
  // The blank line's LF is not yet in lf_count_ (EndLine counts it after this).
  f.lf_at_body_start = lf_count_ + 1;
  f.state = State::kLeaf;
  const bool depth_ok = frames_.size() < kMaxMimeDepth;
  if (p.IsMultipart()) {
    const Parameter* b = FindParameter(p.params, "boundary");
    if (b == nullptr || b->value.empty() || b->value.size() > kMaxBoundaryLength || !depth_ok) {
      p.opaque = true;
      if (!depth_ok) result_.limits_hit = true;
      return;
    }
    f.state = State::kMultipart;
    f.boundary = b->value;
    f.boundary_active = true;
    return;
  }
  const bool message = p.type == "message" && (p.subtype == "rfc822" || p.subtype == "global");
  // An encoded message/rfc822 (against RFC 2046 section 5.2.1) cannot be parsed in place.
  if (message && ClassifyTransferEncoding(p.encoding.value_or("")) == TransferEncoding::kIdentity) {
    if (!depth_ok || part_count_ >= kMaxMimeParts) {
      p.opaque = true;
      result_.limits_hit = true;
      return;
    }
    f.state = State::kMessage;
    MessagePart inner;
    inner.header_offset = body_offset;
    p.children.push_back(std::move(inner));
    PushPart(&p.children.back(), false, true);
  }
}

void MimeParser::ApplyHeader(std::size_t index) {
  const Frame& f = frames_[index];
  MessagePart& p = *f.part;
  const Header h = Header::Parse(std::string_view(header_buf_));
  if (h.truncated()) result_.limits_hit = true;

  bool typed = false;
  if (const HeaderField* ct = h.Find("Content-Type"); ct != nullptr) {
    ContentType parsed = ParseContentType(Unfold(ct->raw_value));
    if (parsed.valid) {
      p.type = std::move(parsed.type);
      p.subtype = std::move(parsed.subtype);
      p.params = std::move(parsed.params);
      p.has_content_type = true;
      typed = true;
    }
  }
  if (!typed) {
    // RFC 2045 section 5.2 and RFC 2046 section 5.1.5 (digest) defaults.
    if (f.default_message) {
      p.type = "message";
      p.subtype = "rfc822";
    } else {
      p.type = "text";
      p.subtype = "plain";
      Parameter charset;
      charset.name = "charset";
      charset.value = "us-ascii";
      charset.raw_value = "us-ascii";
      p.params.push_back(std::move(charset));
    }
  }
  if (auto v = h.Value("Content-ID")) p.content_id = StripComments(*v);
  if (auto v = h.Value("Content-Description")) p.description = std::move(*v);
  if (auto v = h.Value("Content-Transfer-Encoding")) p.encoding = StripComments(*v);
  if (auto v = h.Value("Content-MD5")) p.md5 = StripComments(*v);
  if (auto v = h.Value("Content-Location")) p.location = std::move(*v);
  if (auto v = h.Value("Content-Language")) p.language = ParseLanguageList(*v);
  if (auto v = h.Value("Content-Disposition")) {
    ContentDisposition cd = ParseContentDisposition(*v);
    if (!cd.type.empty()) p.disposition = std::move(cd.type);
    p.disposition_params = std::move(cd.params);
  }
  if (f.is_message_root) {
    Envelope env = BuildEnvelope(h);
    if (index == 0) {
      result_.envelope = std::move(env);
    } else {
      frames_[index - 1].part->envelope = std::move(env);
    }
  }
}

void MimeParser::CloseTop(std::uint64_t end) {
  Frame& f = frames_.back();
  MessagePart& p = *f.part;
  if (f.state == State::kHeader) {
    // No blank line: the header runs to where the part ends and the body is empty.
    const std::uint64_t e = std::max(end, p.header_offset);
    p.header_size = e - p.header_offset;
    p.body_offset = e;
    p.body_size = 0;
    p.body_lines = 0;
    header_buf_.resize(std::min(header_buf_.size(), header_buf_line_start_));
    ApplyHeader(frames_.size() - 1);
    header_buf_.clear();
    header_buf_line_start_ = 0;
  } else {
    const std::uint64_t e = std::max(end, p.body_offset);
    p.body_size = e - p.body_offset;
    // At most one LF (the delimiter's line break) lies between e and line_start_.
    const std::uint64_t lf_before_end = lf_count_ - (e < line_start_ ? 1 : 0);
    p.body_lines = lf_before_end >= f.lf_at_body_start ? lf_before_end - f.lf_at_body_start : 0;
  }
  frames_.pop_back();
}

MessageStructure MimeParser::Finish() {
  if (finished_) return MessageStructure{};
  if (line_len_ > 0) ProcessLine(line_len_, 0);
  finished_ = true;
  header_buf_line_start_ = header_buf_.size();
  while (!frames_.empty()) CloseTop(offset_);
  result_.size = offset_;
  return std::move(result_);
}

MessageStructure ParseMessage(std::string_view message) {
  MimeParser parser;
  parser.Feed(message);
  return parser.Finish();
}

}  // namespace tern::mail
