// Hand-written date parsing: no locale, no strptime/timegm, no global state.
#include "common/dates.hpp"

#include <array>
#include <cstdio>

namespace newsdex {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
constexpr char to_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Words may hold UTF-8 letters ("févr", "Mär", "Ιούλ", "오후").
constexpr bool is_letter(char c) noexcept {
  return is_alpha(c) || static_cast<unsigned char>(c) >= 0x80;
}
// U+00A0, which feeds write for &nbsp; between the parts of a date.
constexpr bool is_nbsp(std::string_view text, std::size_t i) noexcept {
  return i + 1 < text.size() && text[i] == '\xC2' && text[i + 1] == '\xA0';
}

// Greek lower case without tonos or dialytika, so "Ιούλ" and "ιουλ" match.
constexpr char32_t greek_base(char32_t cp) noexcept {
  switch (cp) {
    case 0x386: case 0x3AC: return 0x3B1;                          // ά
    case 0x388: case 0x3AD: return 0x3B5;                          // έ
    case 0x389: case 0x3AE: return 0x3B7;                          // ή
    case 0x38A: case 0x3AA: case 0x3AF: case 0x3CA: return 0x3B9;  // ί ϊ
    case 0x38C: case 0x3CC: return 0x3BF;                          // ό
    case 0x38E: case 0x3AB: case 0x3CB: case 0x3CD: return 0x3C5;  // ύ ϋ
    case 0x38F: case 0x3CE: return 0x3C9;                          // ώ
    default: break;
  }
  return (cp >= 0x391 && cp <= 0x3A9) ? cp + 0x20 : cp;
}

// A word as the name tables spell it: ASCII in lower case, Latin-1 letters
// without their accents ("Févr." -> "fevr", "März" -> "marz", "Sáb" ->
// "sab"), Greek as greek_base; other bytes kept. Folding both sides makes
// accents optional, since people drop them ("fevrier", "Marz").
class Folded {
 public:
  constexpr explicit Folded(std::string_view word) noexcept {
    // U+00C0..U+00FF by their second UTF-8 byte; '.' keeps the letter (Æ, ß, ...).
    constexpr std::string_view kLatin1 =
        "aaaaaa.ceeeeiiii.nooooo.ouuuuy..aaaaaa.ceeeeiiii.nooooo.ouuuuy.y";
    for (std::size_t i = 0; i < word.size(); ++i) {
      const auto c = static_cast<unsigned char>(word[i]);
      const unsigned next = i + 1 < word.size() ? static_cast<unsigned char>(word[i + 1]) : 0;
      const bool continuation = next >= 0x80 && next <= 0xBF;
      if (c == 0xC3 && continuation && kLatin1[next - 0x80] != '.') {
        push(kLatin1[next - 0x80]);
        ++i;
      } else if ((c == 0xCE || c == 0xCF) && continuation) {
        const char32_t cp = greek_base(((c & 0x1Fu) << 6) | (next & 0x3Fu));
        push(static_cast<char>(0xC0 | (cp >> 6)));
        push(static_cast<char>(0x80 | (cp & 0x3F)));
        ++i;
      } else {
        push(to_lower(word[i]));
      }
    }
  }
  // Empty (matching no name) when the word is too long to be one.
  constexpr std::string_view view() const noexcept {
    return overflow_ ? std::string_view() : std::string_view(buffer_.data(), size_);
  }

 private:
  constexpr void push(char c) noexcept {
    if (size_ == buffer_.size()) {
      overflow_ = true;
      return;
    }
    buffer_[size_++] = c;
  }
  std::array<char, 24> buffer_{};
  std::size_t size_ = 0;
  bool overflow_ = false;
};

// Whether `word` folds to `name` (already folded).
constexpr bool is_word(std::string_view word, std::string_view name) noexcept {
  return Folded(word).view() == name;
}

// Value of a run of at most a few decimal digits.
std::int64_t decimal_value(std::string_view digits) noexcept {
  std::int64_t value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

bool is_leap(std::int64_t year) noexcept {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

unsigned days_in_month(std::int64_t year, unsigned month) noexcept {
  constexpr std::array<unsigned, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap(year)) return 29;
  return kDays[month - 1];
}

// A forward-only cursor over the date text. Failed reads consume nothing.
class Scanner {
 public:
  explicit Scanner(std::string_view text) noexcept : text_(text) {}

  bool done() const noexcept { return pos_ >= text_.size(); }
  char peek() const noexcept { return done() ? '\0' : text_[pos_]; }

  bool accept(char c) noexcept {
    if (done() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  bool accept_ci(char c) noexcept {
    if (done() || to_lower(text_[pos_]) != to_lower(c)) return false;
    ++pos_;
    return true;
  }

  // Exact bytes, such as a Korean "년".
  bool accept(std::string_view literal) noexcept {
    if (text_.substr(pos_).substr(0, literal.size()) != literal) return false;
    pos_ += literal.size();
    return true;
  }

  std::size_t skip_spaces() noexcept {
    const std::size_t start = pos_;
    while (!done()) {
      if (is_space(text_[pos_])) {
        ++pos_;
      } else if (is_nbsp(text_, pos_)) {
        pos_ += 2;
      } else {
        break;
      }
    }
    return pos_ - start;
  }

  // Letters, with inner hyphens before a letter ("segunda-feira") but not
  // before a digit ("GMT-5", "06-Nov-94").
  std::string_view word() noexcept {
    const std::size_t start = pos_;
    while (!done() && !is_nbsp(text_, pos_)) {
      const bool inner_hyphen = text_[pos_] == '-' && pos_ > start && pos_ + 1 < text_.size() &&
                                is_letter(text_[pos_ + 1]);
      if (!is_letter(text_[pos_]) && !inner_hyphen) break;
      ++pos_;
    }
    return text_.substr(start, pos_ - start);
  }

  std::string_view digit_run() noexcept {
    const std::size_t start = pos_;
    while (!done() && is_digit(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  // A number of `min`..`max` digits; a longer run is a failure, not a prefix,
  // so "20255-01-01" and "032 Jan" are rejected.
  std::optional<std::int64_t> number(std::size_t min, std::size_t max) noexcept {
    const std::size_t start = pos_;
    const std::string_view run = digit_run();
    if (run.size() < min || run.size() > max) {
      pos_ = start;
      return std::nullopt;
    }
    return decimal_value(run);
  }

  // Moves past everything before the next `c` (or to the end).
  void skip_to(char c) noexcept {
    while (!done() && text_[pos_] != c) ++pos_;
  }

  std::size_t position() const noexcept { return pos_; }
  void rewind(std::size_t pos) noexcept { pos_ = pos; }
  std::string_view rest() const noexcept { return text_.substr(pos_); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

struct Fields {
  std::int64_t year = 1970;
  unsigned month = 1;
  unsigned day = 1;
  unsigned hour = 0;
  unsigned minute = 0;
  unsigned second = 0;
  bool fraction_nonzero = false;
  bool day_read = false;    // false for "2025" and "2025-12"
  std::int64_t offset = 0;  // seconds east of UTC
};

std::optional<std::int64_t> to_epoch(const Fields& f) noexcept {
  if (f.month < 1 || f.month > 12) return std::nullopt;
  if (f.day < 1 || f.day > days_in_month(f.year, f.month)) return std::nullopt;
  if (f.minute > 59 || f.second > 60) return std::nullopt;
  // 24:00:00 is the end of the day (ISO 8601); any later instant is not.
  if (f.hour > 24) return std::nullopt;
  if (f.hour == 24 && (f.minute != 0 || f.second != 0 || f.fraction_nonzero)) {
    return std::nullopt;
  }
  // POSIX time has no leap seconds: keep :60 inside its own minute.
  const unsigned second = f.second == 60 ? 59 : f.second;
  const std::int64_t days = days_from_civil(f.year, f.month, f.day);
  const std::int64_t t = days * kSecondsPerDay + f.hour * 3600 + f.minute * 60 + second - f.offset;
  // Years 1 to 9999 in UTC, the dates ISO 8601 writes with four digits: a
  // "0000-00-00" placeholder is no date, and every date read prints as one
  // that reads back (found by the dates fuzz target).
  static constexpr std::int64_t kFirst = -62135596800;  // 0001-01-01T00:00:00Z
  static constexpr std::int64_t kAfter = 253402300800;  // 10000-01-01T00:00:00Z
  if (t < kFirst || t >= kAfter) return std::nullopt;
  return t;
}

struct MonthName {
  std::string_view name;  // folded (see Folded)
  unsigned month;
};

// English, French, German, Italian, Spanish, Portuguese and Dutch, full and
// abbreviated, plus the Hungarian and Greek names feedparser reads. No
// spelling means two months here (checked below); a language added later
// where one does (Czech and Croatian "listopad") must pick by the day name.
constexpr MonthName kMonthNames[] = {
    {"jan", 1}, {"january", 1}, {"janv", 1}, {"janvier", 1}, {"januar", 1}, {"janner", 1},
    {"gen", 1}, {"gennaio", 1}, {"ene", 1}, {"enero", 1}, {"janeiro", 1}, {"januari", 1},
    {"feb", 2}, {"february", 2}, {"fev", 2}, {"fevr", 2}, {"fevrier", 2}, {"februar", 2},
    {"febbraio", 2}, {"febrero", 2}, {"fevereiro", 2}, {"februari", 2},
    {"mar", 3}, {"march", 3}, {"mars", 3}, {"marz", 3}, {"maerz", 3}, {"mrz", 3},
    {"marzo", 3}, {"marco", 3}, {"maart", 3}, {"mrt", 3}, {"marcius", 3},
    {"apr", 4}, {"april", 4}, {"avr", 4}, {"avril", 4}, {"aprile", 4}, {"abr", 4},
    {"abril", 4}, {"aprilis", 4},
    {"may", 5}, {"mai", 5}, {"mag", 5}, {"maggio", 5}, {"mayo", 5}, {"maio", 5}, {"mei", 5},
    {"majus", 5},
    {"jun", 6}, {"june", 6}, {"juin", 6}, {"juni", 6}, {"giu", 6}, {"giugno", 6},
    {"junio", 6}, {"junho", 6}, {"junius", 6},
    {"jul", 7}, {"july", 7}, {"juil", 7}, {"juillet", 7}, {"juli", 7}, {"lug", 7},
    {"luglio", 7}, {"julio", 7}, {"julho", 7}, {"julius", 7},
    {"aug", 8}, {"august", 8}, {"aout", 8}, {"ago", 8}, {"agosto", 8}, {"augustus", 8},
    {"augusztus", 8},
    {"sep", 9}, {"sept", 9}, {"september", 9}, {"septembre", 9}, {"set", 9}, {"sett", 9},
    {"settembre", 9}, {"septiembre", 9}, {"setiembre", 9}, {"setembro", 9},
    {"szeptember", 9},
    {"oct", 10}, {"october", 10}, {"octobre", 10}, {"okt", 10}, {"oktober", 10},
    {"ott", 10}, {"ottobre", 10}, {"octubre", 10}, {"out", 10}, {"outubro", 10},
    {"nov", 11}, {"november", 11}, {"novembre", 11}, {"noviembre", 11}, {"novembro", 11},
    {"dec", 12}, {"december", 12}, {"decembre", 12}, {"dez", 12}, {"dezember", 12},
    {"dic", 12}, {"dicembre", 12}, {"diciembre", 12}, {"dezembro", 12},
    // Greek; "μαω", "ιον" and "ιολ" are feedparser's, seen in Greek feeds.
    {"ιαν", 1}, {"φεβ", 2}, {"μαρ", 3}, {"μαω", 3}, {"απρ", 4}, {"μαι", 5}, {"ιουν", 6},
    {"ιον", 6}, {"ιουλ", 7}, {"ιολ", 7}, {"αυγ", 8}, {"σεπ", 9}, {"οκτ", 10}, {"νοε", 11},
    {"δεκ", 12},
};

// Day names of the same languages. They are only skipped, never checked
// against the date: a wrong one does not make the date wrong. "mar" is also
// Tuesday in French, Italian and Spanish; parse_any tries both readings.
constexpr std::string_view kDayNames[] = {
    "mon", "monday", "tue", "tues", "tuesday", "wed", "weds", "wednesday", "thu", "thur",
    "thurs", "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday",
    "lun", "lundi", "mar", "mardi", "mer", "mercredi", "jeu", "jeudi", "ven", "vendredi",
    "sam", "samedi", "dim", "dimanche",
    "mo", "montag", "di", "die", "dienstag", "mi", "mit", "mittwoch", "do", "don",
    "donnerstag", "fr", "fre", "freitag", "sa", "samstag", "sonnabend", "so", "son", "sonntag",
    "lunedi", "martedi", "mercoledi", "gio", "giovedi", "venerdi", "sab", "sabato", "dom",
    "domenica",
    "lunes", "martes", "mie", "miercoles", "jue", "jueves", "vie", "viernes", "sabado",
    "domingo",
    "seg", "segunda", "segunda-feira", "ter", "terca", "terca-feira", "qua", "quarta",
    "quarta-feira", "qui", "quinta", "quinta-feira", "sex", "sexta", "sexta-feira",
    "ma", "maandag", "dinsdag", "wo", "woensdag", "donderdag", "vr", "vrijdag", "za",
    "zaterdag", "zo", "zondag",
    "κυρ", "δευ", "τρι", "τετ", "πεμ", "παρ", "σαβ",
};

constexpr bool names_are_folded() noexcept {
  for (const MonthName& m : kMonthNames) {
    if (Folded(m.name).view() != m.name) return false;
  }
  for (std::string_view d : kDayNames) {
    if (Folded(d).view() != d) return false;
  }
  return true;
}
static_assert(names_are_folded(), "name tables must hold folded spellings");

constexpr bool month_names_agree() noexcept {
  for (const MonthName& a : kMonthNames) {
    for (const MonthName& b : kMonthNames) {
      if (a.name == b.name && a.month != b.month) return false;
    }
  }
  return true;
}
static_assert(month_names_agree(), "a month spelling shared by two languages must mean one month");

unsigned month_from_name(std::string_view word) noexcept {
  const Folded name(word);
  for (const MonthName& m : kMonthNames) {
    if (name.view() == m.name) return m.month;
  }
  return 0;
}

bool is_day_name(std::string_view word) noexcept {
  const Folded name(word);
  for (std::string_view d : kDayNames) {
    if (name.view() == d) return true;
  }
  return false;
}

// "+0530", "-800" (feeds drop the leading zero), "+05:30", "+05", "-5".
std::optional<std::int64_t> parse_numeric_offset(Scanner& s) noexcept {
  const std::size_t start = s.position();
  const char sign_char = s.peek();
  if (!s.accept('+') && !s.accept('-')) return std::nullopt;
  const std::string_view run = s.digit_run();
  std::int64_t hours = 0;
  std::int64_t minutes = 0;
  if (run.size() == 1 || run.size() == 2) {
    hours = decimal_value(run);
    if (s.accept(':')) {
      const auto mm = s.number(2, 2);
      if (!mm) {
        s.rewind(start);
        return std::nullopt;
      }
      minutes = *mm;
    }
  } else if (run.size() == 3 || run.size() == 4) {
    hours = decimal_value(run.substr(0, run.size() - 2));
    minutes = decimal_value(run.substr(run.size() - 2));
  } else {
    s.rewind(start);
    return std::nullopt;
  }
  if (hours > 23 || minutes > 59) {
    s.rewind(start);
    return std::nullopt;
  }
  const std::int64_t offset = hours * 3600 + minutes * 60;
  return sign_char == '-' ? -offset : offset;
}

// RFC 822 single-letter zones, with the signs as RFC 822 wrote them
// (A = -1 ... M = -12, N = +1 ... Y = +12), as feedparser does.
std::optional<std::int64_t> military_offset(char letter) noexcept {
  const char c = to_lower(letter);
  if (c == 'z') return 0;
  if (c >= 'a' && c <= 'i') return -(c - 'a' + 1) * 3600;
  if (c >= 'k' && c <= 'm') return -(c - 'k' + 10) * 3600;
  if (c >= 'n' && c <= 'y') return (c - 'n' + 1) * 3600;
  return std::nullopt;  // 'j' is not a zone
}

std::optional<std::int64_t> named_offset(std::string_view word) noexcept {
  struct Zone {
    std::string_view name;
    int hours;
  };
  // RFC 822's, feedparser's additions (AT, ET, CT, MT, PT, ADT, AST, MET,
  // MEST) and the other names feeds write unambiguously enough. Where a name
  // has two meanings the RFC or feedparser one wins (CST is US Central, not
  // China; AST Atlantic, not Arabia); IST (India, Ireland, Israel) is left out.
  constexpr Zone kZones[] = {
      {"ut", 0},     {"utc", 0},    {"gmt", 0},    {"wet", 0},    {"est", -5},
      {"edt", -4},   {"cst", -6},   {"cdt", -5},   {"mst", -7},   {"mdt", -6},
      {"pst", -8},   {"pdt", -7},   {"et", -5},    {"ct", -6},    {"mt", -7},
      {"pt", -8},    {"at", -4},    {"ast", -4},   {"adt", -3},   {"akst", -9},
      {"akdt", -8},  {"hst", -10},  {"met", 1},    {"mest", 2},   {"cet", 1},
      {"cest", 2},   {"mez", 1},    {"mesz", 2},   {"bst", 1},    {"west", 1},
      {"eet", 2},    {"eest", 3},   {"msk", 3},    {"jst", 9},    {"kst", 9},
      {"hkt", 8},    {"aest", 10},  {"aedt", 11},  {"nzst", 12},  {"nzdt", 13},
      {"brt", -3},   {"art", -3},
  };
  const Folded name(word);
  for (const Zone& z : kZones) {
    if (name.view() == z.name) return std::int64_t{z.hours} * 3600;
  }
  if (word.size() == 1) return military_offset(word[0]);
  return std::nullopt;
}

// A zone: numeric offset, a name, a universal name followed by an offset
// ("GMT+8", "UTC-05:00"), or Java's "Etc/GMT".
std::optional<std::int64_t> parse_zone(Scanner& s) noexcept {
  if (s.peek() == '+' || s.peek() == '-') return parse_numeric_offset(s);
  const std::size_t start = s.position();
  std::string_view name = s.word();
  // "Etc/GMT+5" is UTC-5 in the tz database, the opposite of "GMT+5" in
  // feeds: after "Etc/" only a bare universal name is read.
  const bool etc = is_word(name, "etc") && s.accept('/');
  if (etc) name = s.word();
  const bool universal = is_word(name, "gmt") || is_word(name, "ut") || is_word(name, "utc");
  auto offset = named_offset(name);
  if (!offset || (etc && !universal)) {
    s.rewind(start);
    return std::nullopt;
  }
  if (universal && !etc && (s.peek() == '+' || s.peek() == '-')) {
    const auto extra = parse_numeric_offset(s);
    if (!extra) {
      s.rewind(start);
      return std::nullopt;
    }
    *offset += *extra;
  }
  return offset;
}

// "H:MM", "HH:MM:SS", "HH:MM:SS.fff" (or ",fff").
bool parse_time(Scanner& s, Fields& f) noexcept {
  const auto hour = s.number(1, 2);
  if (!hour || !s.accept(':')) return false;
  const auto minute = s.number(2, 2);
  if (!minute) return false;
  f.hour = static_cast<unsigned>(*hour);
  f.minute = static_cast<unsigned>(*minute);
  if (!s.accept(':')) return true;
  const auto second = s.number(2, 2);
  if (!second) return false;
  f.second = static_cast<unsigned>(*second);
  if (s.accept('.') || s.accept(',')) {
    const std::string_view fraction = s.digit_run();
    if (fraction.empty()) return false;
    f.fraction_nonzero = fraction.find_first_not_of('0') != std::string_view::npos;
  }
  return true;
}

// A 12-hour clock's hour, 1 to 12, on the 24-hour clock.
bool apply_meridiem(Fields& f, bool pm) noexcept {
  if (f.hour < 1 || f.hour > 12) return false;
  f.hour = f.hour % 12 + (pm ? 12 : 0);
  return true;
}

// A time, then "AM", "PM", "a.m." or "p.m." if there is one.
bool parse_clock(Scanner& s, Fields& f) noexcept {
  if (!parse_time(s, f)) return false;
  const std::size_t after_time = s.position();
  s.skip_spaces();
  const std::string_view w = s.word();
  if (is_word(w, "am") || is_word(w, "pm")) return apply_meridiem(f, is_word(w, "pm"));
  // Not the military zones "A" and "P" unless ".m." follows.
  if ((is_word(w, "a") || is_word(w, "p")) && s.accept('.') && s.accept_ci('m') && s.accept('.')) {
    return apply_meridiem(f, is_word(w, "p"));
  }
  s.rewind(after_time);
  return true;
}

// Skips an RFC 2822 trailing comment such as "(UTC)" or "(Pacific Standard Time)".
void skip_comment(Scanner& s) noexcept {
  const std::size_t start = s.position();
  if (!s.accept('(')) return;
  s.skip_to(')');
  if (!s.accept(')')) s.rewind(start);
}

// Optional zone, optional comment, then nothing but whitespace.
bool parse_zone_and_end(Scanner& s, Fields& f) noexcept {
  s.skip_spaces();
  if (s.done()) return true;
  if (s.peek() != '(') {
    const bool numeric = s.peek() == '+' || s.peek() == '-';
    const auto offset = parse_zone(s);
    if (!offset) return false;
    f.offset = *offset;
    s.skip_spaces();
    // "+0100 CET": a zone name after the number repeats it; the number wins.
    const std::size_t before_name = s.position();
    if (numeric && !named_offset(s.word())) s.rewind(before_name);
    s.skip_spaces();
  }
  skip_comment(s);
  s.skip_spaces();
  return s.done();
}

std::int64_t expand_year(std::int64_t year, std::size_t digits) noexcept {
  if (digits != 2) return year;
  return year < 50 ? 2000 + year : 1900 + year;
}

std::optional<std::int64_t> parse_year(Scanner& s) noexcept {
  const std::size_t start = s.position();
  const auto year = s.number(2, 4);
  if (!year) return std::nullopt;
  const std::size_t digits = s.position() - start;
  if (digits == 3) {
    s.rewind(start);
    return std::nullopt;
  }
  return expand_year(*year, digits);
}

// Skips a connecting word ("3 de marzo de 2025") and the spaces after it.
void skip_connector(Scanner& s) noexcept {
  const std::size_t start = s.position();
  if (is_word(s.word(), "de") && s.skip_spaces() > 0) return;
  s.rewind(start);
}

// After the date: nothing, or whitespace (or a comma), a time and an
// optional zone.
bool parse_rfc_tail(Scanner& s, Fields& f) noexcept {
  const bool comma = s.accept(',');  // "Sun, 03 May 2026, 10:00 GMT"
  if (s.skip_spaces() == 0 && !comma && !s.done()) return false;
  if (s.done()) return !comma;
  if (!parse_clock(s, f)) return false;
  return parse_zone_and_end(s, f);
}

// "03 May 2026 ...", "3-May-26 ...", "26-FEB-1987 15:01:01.79", German
// "15. Nov. 2022", Spanish and Portuguese "3 de marzo de 2025", and
// feedparser's "13 Feb, 2012".
bool parse_day_first(Scanner& s, Fields& f) noexcept {
  const auto day = s.number(1, 2);
  if (!day) return false;
  f.day = static_cast<unsigned>(*day);
  const bool dotted = s.accept('.');
  const bool dashed = !dotted && s.accept('-');
  if (s.skip_spaces() == 0 && !dotted && !dashed) return false;
  if (!dashed) skip_connector(s);
  f.month = month_from_name(s.word());
  if (f.month == 0) return false;
  const bool dot = s.accept('.');
  if (dashed) {
    if (!s.accept('-')) return false;
  } else {
    const bool comma = s.accept(',');
    if (s.skip_spaces() == 0 && !dot && !comma) return false;
    skip_connector(s);
  }
  const auto year = parse_year(s);
  if (!year) return false;
  f.year = *year;
  return parse_rfc_tail(s, f);
}

// "May 3, 2026 10:00 GMT", JavaScript's "Thu Aug 30 2012 17:26:16
// GMT+0200 (CEST)" and asctime's "Jan  4 16:29:06 PST 2004".
bool parse_month_first(Scanner& s, Fields& f) noexcept {
  s.accept('.');
  if (s.skip_spaces() == 0) return false;
  const auto day = s.number(1, 2);
  if (!day) return false;
  f.day = static_cast<unsigned>(*day);
  s.accept(',');
  if (s.skip_spaces() == 0) return false;

  const std::size_t before_time = s.position();
  if (parse_time(s, f)) {
    // asctime: the year comes last, after an optional zone.
    if (s.skip_spaces() == 0) return false;
    if (!is_digit(s.peek())) {
      const auto offset = parse_zone(s);
      if (!offset) return false;
      f.offset = *offset;
      if (s.skip_spaces() == 0) return false;
    }
    const auto year = s.number(4, 4);
    if (!year) return false;
    f.year = *year;
    s.skip_spaces();
    return s.done();
  }
  s.rewind(before_time);
  const auto year = parse_year(s);
  if (!year) return false;
  f.year = *year;
  return parse_rfc_tail(s, f);
}

// Four digits open an ISO 8601 date (or Perforce's "2006/09/15", OnBlog's
// "2004년"); a day never has more than two.
bool looks_like_iso(std::string_view text) noexcept {
  if (text.size() < 4) return false;
  for (std::size_t i = 0; i < 4; ++i) {
    if (!is_digit(text[i])) return false;
  }
  return true;
}

bool parse_iso8601(Scanner& s, Fields& f) noexcept;

// The date after any day name; a day name needs a day ("Fri, 2006/09/15
// 08:19:53 EDT" from Perforce, not "Fri, 2006").
bool parse_dated(Scanner& s, Fields& f, bool day_named) noexcept {
  if (looks_like_iso(s.rest())) return parse_iso8601(s, f) && (f.day_read || !day_named);
  if (is_digit(s.peek())) return parse_day_first(s, f);
  f.month = month_from_name(s.word());
  return f.month != 0 && parse_month_first(s, f);
}

// Any date: an optional day name (with a dot and a comma), then the date.
bool parse_any(Scanner& s, Fields& f) noexcept {
  Scanner after_day = s;
  if (is_day_name(after_day.word())) {
    after_day.accept('.');
    after_day.accept(',');
    after_day.skip_spaces();
    Fields with_day = f;
    if (parse_dated(after_day, with_day, true)) {
      f = with_day;
      return true;
    }
    // Else the word may be a month: "mar" is Tuesday in French, Italian and
    // Spanish, and March in "Mar 3, 2026".
  }
  return parse_dated(s, f, false);
}

// Day `ordinal` of f.year ("2004-335").
bool set_ordinal_day(Fields& f, std::int64_t ordinal) noexcept {
  if (ordinal < 1 || ordinal > (is_leap(f.year) ? 366 : 365)) return false;
  unsigned month = 1;
  while (ordinal > days_in_month(f.year, month)) ordinal -= days_in_month(f.year, month++);
  f.month = month;
  f.day = static_cast<unsigned>(ordinal);
  f.day_read = true;
  return true;
}

constexpr std::int64_t kKoreaOffset = 9 * 3600;

// After an ISO date: nothing, or "T" or spaces, a time and an optional zone.
// Nate's Korean "2004-05-25 오후 11:23:17" has 오전/오후 (AM/PM) first and
// is in Korean time.
bool parse_iso_tail(Scanner& s, Fields& f) noexcept {
  if (s.done()) return true;
  if (!s.accept_ci('T') && s.skip_spaces() == 0) return false;
  const bool korean_am = s.accept("오전");
  const bool korean_pm = !korean_am && s.accept("오후");
  if (korean_am || korean_pm) {
    if (s.skip_spaces() == 0 || !parse_time(s, f) || !apply_meridiem(f, korean_pm)) return false;
    f.offset = kKoreaOffset;
  } else if (!parse_clock(s, f)) {
    return false;
  }
  return parse_zone_and_end(s, f);
}

// ISO 8601 basic format: "20040105", "20040105T1014Z", "20040105T101455+0100".
bool parse_iso_basic(std::string_view date, Scanner& s, Fields& f) noexcept {
  f.year = decimal_value(date.substr(0, 4));
  f.month = static_cast<unsigned>(decimal_value(date.substr(4, 2)));
  f.day = static_cast<unsigned>(decimal_value(date.substr(6, 2)));
  f.day_read = true;
  if (s.done()) return true;
  if (!s.accept_ci('T')) return false;
  const std::string_view time = s.digit_run();
  if (time.size() != 4 && time.size() != 6) return false;
  f.hour = static_cast<unsigned>(decimal_value(time.substr(0, 2)));
  f.minute = static_cast<unsigned>(decimal_value(time.substr(2, 2)));
  if (time.size() == 6) f.second = static_cast<unsigned>(decimal_value(time.substr(4, 2)));
  return parse_zone_and_end(s, f);
}

// OnBlog's Korean "2004년 05월 28일 01:31:15", in Korean time unless a
// zone follows; the year has been read.
bool parse_korean(Scanner& s, Fields& f) noexcept {
  s.skip_spaces();
  const auto month = s.number(1, 2);
  if (!month || !s.accept("월")) return false;
  s.skip_spaces();
  const auto day = s.number(1, 2);
  if (!day || !s.accept("일")) return false;
  f.month = static_cast<unsigned>(*month);
  f.day = static_cast<unsigned>(*day);
  f.day_read = true;
  f.offset = kKoreaOffset;
  return parse_rfc_tail(s, f);
}

// ISO 8601 / RFC 3339 / W3C-DTF: "YYYY", "YYYY-MM", "YYYY-MM-DD", then "T"
// or spaces, "hh:mm[:ss[.fff]]" and an optional zone. Also: "2006/09/15"
// (Perforce, a full date only), "2003-012-31" (Google's extra zero),
// "2004-július-13" (Hungarian blogs, any month name), "2004-335" (ordinal
// day), the basic format and OnBlog's Korean.
bool parse_iso8601(Scanner& s, Fields& f) noexcept {
  const std::string_view year = s.digit_run();
  if (year.size() == 8) return parse_iso_basic(year, s, f);
  if (year.size() != 4) return false;
  f.year = decimal_value(year);
  if (s.done()) return true;
  if (s.accept("년")) return parse_korean(s, f);
  const char separator = s.peek();
  if (!s.accept('-') && !s.accept('/')) return false;
  const std::string_view month = s.digit_run();
  if (month.size() == 3 && separator == '-' && s.peek() != '-') {
    return set_ordinal_day(f, decimal_value(month)) && parse_iso_tail(s, f);
  }
  f.month = 0;  // unless one of these reads a month
  if (month.empty()) {
    f.month = month_from_name(s.word());
  } else if (month.size() <= 2 || (month.size() == 3 && month[0] == '0')) {
    f.month = static_cast<unsigned>(decimal_value(month));
  }
  if (f.month < 1 || f.month > 12) return false;
  if (s.done()) return separator == '-';
  if (!s.accept(separator)) return false;
  const auto day = s.number(1, 2);
  if (!day) return false;
  f.day = static_cast<unsigned>(*day);
  f.day_read = true;
  return parse_iso_tail(s, f);
}

// Without white space or U+00A0 at either end.
std::string_view trim(std::string_view text) noexcept {
  for (;;) {
    if (!text.empty() && is_space(text.front())) {
      text.remove_prefix(1);
    } else if (!text.empty() && is_space(text.back())) {
      text.remove_suffix(1);
    } else if (is_nbsp(text, 0)) {
      text.remove_prefix(2);
    } else if (text.size() >= 2 && is_nbsp(text, text.size() - 2)) {
      text.remove_suffix(2);
    } else {
      return text;
    }
  }
}

struct Civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

// Howard Hinnant's civil_from_days: eras of 400 years starting in March.
Civil civil_from_days(std::int64_t days) noexcept {
  days += 719468;
  const std::int64_t era = floor_div(days, 146097);
  const std::int64_t doe = days - era * 146097;                             // [0, 146096]
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);        // [0, 365]
  const std::int64_t mp = (5 * doy + 2) / 153;                             // [0, 11]
  const auto day = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  const auto month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

}  // namespace

std::optional<std::int64_t> parse_date(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;

  Scanner scanner(text);
  Fields fields;
  if (!parse_any(scanner, fields)) return std::nullopt;
  return to_epoch(fields);
}

// Howard Hinnant's days_from_civil. Exact for any year whose day count fits
// comfortably in 64 bits (|year| well below 10^15).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = floor_div(year, 400);
  const std::int64_t yoe = year - era * 400;                                   // [0, 399]
  const std::int64_t m = month;
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1;  // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;              // [0, 146096]
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_seconds(std::int64_t seconds) noexcept {
  const Civil c = civil_from_days(floor_div(seconds, kSecondsPerDay));
  return {c.year, c.month, c.day};
}

std::string format_iso8601_utc(std::int64_t seconds) {
  // The remainder, not seconds - days * 86400, which overflows near INT64_MIN.
  std::int64_t in_day = seconds % kSecondsPerDay;
  if (in_day < 0) in_day += kSecondsPerDay;
  const Civil c = civil_from_days(floor_div(seconds, kSecondsPerDay));
  // Years before 1 CE get a sign, as ISO 8601 expanded years do.
  const bool negative = c.year < 0;
  const auto abs_year = static_cast<unsigned long long>(negative ? -c.year : c.year);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s%04llu-%02u-%02uT%02d:%02d:%02dZ",
                negative ? "-" : "", abs_year, c.month, c.day,
                static_cast<int>(in_day / 3600), static_cast<int>(in_day / 60 % 60),
                static_cast<int>(in_day % 60));
  return buffer;
}

}  // namespace newsdex
