#include "explain/render/text_heatmap.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "explain/render/font.hpp"
#include "explain/render/heatmap.hpp"  // color_bar
#include "explain/render/png.hpp"
#include "framework/errors.hpp"
#include "framework/serialization/atomic_write.hpp"

namespace glassbox::render {
namespace {

// WCAG relative luminance of an sRGB colour: channels are linearised before weighting because
// perceived brightness is a property of light, not of the encoded bytes.
double relative_luminance(Rgb color) {
  auto linear = [](std::uint8_t byte) {
    const double value = byte / 255.0;
    return value <= 0.04045 ? value / 12.92 : std::pow((value + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * linear(color.red) + 0.7152 * linear(color.green) + 0.0722 * linear(color.blue);
}

}  // namespace

// Black or white text, whichever contrasts more with `background`. The two contrast ratios,
// (1.05)/(L + 0.05) for white and (L + 0.05)/(0.05) for black, are equal at L ≈ 0.179.
Rgb text_color_on(Rgb background) {
  return relative_luminance(background) < 0.179 ? kWhite : kBlack;
}

namespace {

std::string hex_color(Rgb color) {
  char text[8];
  std::snprintf(text, sizeof(text), "#%02x%02x%02x", color.red, color.green, color.blue);
  return text;
}

// "+0.031", "-1.2e-05": two significant digits are enough to read a tooltip or a bracket.
std::string signed_number(float value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%+.2g", static_cast<double>(value));
  return text;
}

void check_document(const TextExplanation& document) {
  if (document.relevances.size() != document.words.size()) {
    throw ArgumentError("text heatmap \"" + document.title +
                        "\": " + std::to_string(document.relevances.size()) + " relevances for " +
                        std::to_string(document.words.size()) + " words");
  }
}

// The given limit, or one computed from `values`.
float limit_of(const Tensor& values, const TextHeatmapOptions& options) {
  if (options.relevance_limit < 0.0f || std::isnan(options.relevance_limit)) {
    throw ArgumentError("text heatmap: the relevance limit must be positive (or 0 for automatic)");
  }
  if (options.relevance_limit > 0.0f) return options.relevance_limit;
  return symmetric_limit(values, options.percentile);
}

// Every document's relevances in one flat Tensor, for a limit shared by all of them.
Tensor all_relevances(const std::vector<TextExplanation>& documents) {
  std::size_t total = 0;
  for (const TextExplanation& document : documents) total += document.relevances.size();
  Tensor values = xt::zeros<float>({total});
  float* next = values.data();
  for (const TextExplanation& document : documents) {
    next = std::copy(document.relevances.data(),
                     document.relevances.data() + document.relevances.size(), next);
  }
  return values;
}

// Control characters (C0 and DEL) replaced by '?': terminal escape sequences start with them.
std::string sanitise_for_terminal(const std::string& text) {
  std::string safe = text;
  for (char& character : safe) {
    const auto byte = static_cast<unsigned char>(character);
    if (byte < 0x20 || byte == 0x7f) character = '?';
  }
  return safe;
}

// Columns `text` takes in a terminal, counting one per UTF-8 code point (continuation bytes
// 10xxxxxx are not counted). Wide CJK characters are undercounted, which only wraps late.
std::size_t display_width(const std::string& text) {
  std::size_t width = 0;
  for (const char character : text) {
    if ((static_cast<unsigned char>(character) & 0xC0) != 0x80) ++width;
  }
  return width;
}

std::string ansi_background(Rgb color) {
  return "\x1b[48;2;" + std::to_string(color.red) + ";" + std::to_string(color.green) + ";" +
         std::to_string(color.blue) + "m";
}

std::string ansi_foreground(Rgb color) {
  return "\x1b[38;2;" + std::to_string(color.red) + ";" + std::to_string(color.green) + ";" +
         std::to_string(color.blue) + "m";
}

constexpr const char* kAnsiReset = "\x1b[0m";

// `text` in the characters the built-in font has: one '?' for each UTF-8 sequence (its
// continuation bytes 10xxxxxx are dropped) and for each control character.
std::string font_text(const std::string& text) {
  std::string shown;
  for (const char character : text) {
    const auto byte = static_cast<unsigned char>(character);
    if ((byte & 0xC0) == 0x80) continue;
    shown += byte < 0x20 || byte >= 0x7f ? '?' : character;
  }
  return shown;
}

// A word of the picture: its text in the font, where it goes and its colour.
struct PlacedWord {
  std::string text;
  std::size_t line = 0, column = 0;  // line of the document, character column of the line
  Rgb background;
};

// The words of `document` wrapped at `line_width` characters (0: never); returns the lines used.
std::size_t place_words(const TextExplanation& document, float limit, std::size_t line_width,
                        std::vector<PlacedWord>& placed) {
  std::size_t line = 0, column = 0;
  for (std::size_t index = 0; index < document.words.size(); ++index) {
    const std::string text = font_text(document.words[index]);
    if (column > 0) {
      if (line_width > 0 && column + 1 + text.size() > line_width) {
        ++line;
        column = 0;
      } else {
        ++column;  // the space between words
      }
    }
    placed.push_back(
        {text, line, column, diverging_color(document.relevances.data()[index], limit)});
    column += text.size();
  }
  return document.words.empty() ? 0 : line + 1;
}

constexpr std::size_t kLegendBarCharacters = 16;

constexpr const char* kStyleSheet = R"(
body { font-family: sans-serif; color: #222; background: #fff; max-width: 60em;
       margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.4em; }
.legend { margin: 1em 0; }
.note { color: #666; font-size: 0.85em; margin: 0.3em 0 0 0; }
.bar { display: inline-block; width: 16em; height: 1em; vertical-align: middle;
       margin: 0 0.5em; border: 1px solid #999;
       background: linear-gradient(to right, #0000ff, #ffffff, #ff0000); }
.document { border: 1px solid #ccc; border-radius: 4px; padding: 0.8em 1em; margin: 1.2em 0; }
.document h2 { font-size: 1.05em; margin: 0 0 0.3em 0; }
.limit { color: #666; font-size: 0.85em; margin: 0 0 0.6em 0; }
.text { line-height: 1.9; margin: 0; }
.w { padding: 0.1em 0.15em; border-radius: 3px; }
)";

}  // namespace

std::string html_escape(const std::string& text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char character : text) {
    switch (character) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped += character;
    }
  }
  return escaped;
}

std::string text_heatmap_html(const std::vector<TextExplanation>& documents,
                              const TextHeatmapOptions& options) {
  for (const TextExplanation& document : documents) check_document(document);
  const bool shared = options.relevance_limit > 0.0f || options.shared_limit;
  const float shared_limit = shared ? limit_of(all_relevances(documents), options) : 0.0f;

  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<title>" + html_escape(options.page_title) + "</title>\n";
  html += "<style>" + std::string(kStyleSheet) + "</style>\n</head>\n<body>\n";
  html += "<h1>" + html_escape(options.page_title) + "</h1>\n";
  html +=
      "<div class=\"legend\">against<div class=\"bar\"></div>for\n"
      "<p class=\"note\">Blue: evidence against the explained class, red: evidence for it, "
      "white: none. Full colour at |R| = the limit ";
  html += shared ? "shared by all documents" : "of each document";
  html += "; hover over a word for its relevance.</p></div>\n";

  for (const TextExplanation& document : documents) {
    const float limit = shared ? shared_limit : limit_of(document.relevances, options);
    html += "<section class=\"document\">\n<h2>" + html_escape(document.title) + "</h2>\n";
    html += "<p class=\"limit\">limit |R| = " + html_escape(signed_number(limit).substr(1)) +
            "</p>\n<p class=\"text\">";
    for (std::size_t index = 0; index < document.words.size(); ++index) {
      const float relevance = document.relevances.data()[index];
      const Rgb background = diverging_color(relevance, limit);
      if (index > 0) html += ' ';
      html += "<span class=\"w\" style=\"background:" + hex_color(background) +
              ";color:" + hex_color(text_color_on(background)) + "\" title=\"" +
              html_escape(signed_number(relevance)) + "\">" + html_escape(document.words[index]) +
              "</span>";
    }
    html += "</p>\n</section>\n";
  }
  html += "</body>\n</html>\n";
  return html;
}

void write_text_heatmap_html(const std::string& path, const std::vector<TextExplanation>& documents,
                             const TextHeatmapOptions& options) {
  atomic_write(path, text_heatmap_html(documents, options));
}

RgbImage render_text_heatmap(const std::vector<TextExplanation>& documents,
                             const TextHeatmapOptions& options, std::size_t font_scale,
                             std::size_t margin) {
  if (font_scale == 0) throw ArgumentError("text heatmap: the font scale must be at least 1");
  for (const TextExplanation& document : documents) check_document(document);
  const bool shared = options.relevance_limit > 0.0f || options.shared_limit;
  const float shared_limit = shared ? limit_of(all_relevances(documents), options) : 0.0f;
  const std::size_t s = font_scale, advance = kGlyphAdvance * s, h = text_height(s);
  const std::size_t line_pitch = h + 4 * s, left = margin + s;

  // First place everything, to know the size; then draw.
  std::vector<float> limits;
  std::vector<std::string> legends;
  std::vector<std::vector<PlacedWord>> words(documents.size());
  std::vector<std::size_t> line_counts;
  std::size_t content_width = 0, height = margin;
  for (std::size_t d = 0; d < documents.size(); ++d) {
    limits.push_back(shared ? shared_limit : limit_of(documents[d].relevances, options));
    legends.push_back("limit |R| = " + signed_number(limits[d]).substr(1));
    line_counts.push_back(place_words(documents[d], limits[d], options.line_width, words[d]));
    const std::size_t legend_width = text_width("against", s) + 2 * advance +
                                     kLegendBarCharacters * advance + text_width("for", s) +
                                     2 * advance + text_width(legends[d], s);
    content_width =
        std::max({content_width, text_width(font_text(documents[d].title), s), legend_width});
    for (const PlacedWord& word : words[d]) {
      content_width = std::max(content_width, word.column * advance + text_width(word.text, s));
    }
    height += 2 * h + 4 * s + line_counts[d] * line_pitch + margin;
  }
  RgbImage figure = blank_image(height, 2 * left + content_width);

  std::size_t top = margin;
  for (std::size_t d = 0; d < documents.size(); ++d) {
    draw_text(figure, top, left, font_text(documents[d].title), kBlack, s);
    top += h + 2 * s;
    std::size_t x = left;
    draw_text(figure, top, x, "against", kBlack, s);
    x += text_width("against", s) + advance;
    paste(figure, color_bar(h, kLegendBarCharacters * advance), top, x);
    draw_frame(figure, top, x, h, kLegendBarCharacters * advance, Rgb{200, 200, 200});
    x += kLegendBarCharacters * advance + advance;
    draw_text(figure, top, x, "for", kBlack, s);
    draw_text(figure, top, x + text_width("for", s) + 2 * advance, legends[d], kBlack, s);
    top += h + 2 * s;
    for (const PlacedWord& word : words[d]) {
      const std::size_t glyphs_left = left + word.column * advance;
      const std::size_t line_top = top + word.line * line_pitch;
      fill_rectangle(figure, line_top, glyphs_left - s, h + 2 * s, text_width(word.text, s) + 2 * s,
                     word.background);
      draw_text(figure, line_top + s, glyphs_left, word.text, text_color_on(word.background), s);
    }
    top += line_counts[d] * line_pitch + margin;
  }
  return figure;
}

void write_text_heatmap_png(const std::string& path, const std::vector<TextExplanation>& documents,
                            const TextHeatmapOptions& options, std::size_t font_scale,
                            std::size_t margin) {
  write_png(path, render_text_heatmap(documents, options, font_scale, margin));
}

bool color_allowed_by_environment() {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  const char* terminal = std::getenv("TERM");
  return terminal == nullptr || std::strcmp(terminal, "dumb") != 0;
}

bool terminal_supports_color(int file_descriptor) {
  return isatty(file_descriptor) != 0 && color_allowed_by_environment();
}

std::string text_heatmap_terminal(const TextExplanation& document, bool color,
                                  const TextHeatmapOptions& options) {
  check_document(document);
  const float limit = limit_of(document.relevances, options);
  const std::string limit_text = signed_number(limit).substr(1);

  std::string output = sanitise_for_terminal(document.title) + "\n";
  if (color) {
    output += "against ";
    // Nine steps from −limit to +limit show the ramp, with white exactly in the middle.
    for (int step = -4; step <= 4; ++step) {
      output += ansi_background(diverging_color(static_cast<float>(step) / 4.0f, 1.0f)) + "  ";
    }
    output += std::string(kAnsiReset) + " for  (full colour at |R| = " + limit_text + ")\n";
  } else {
    output += "[relevance] after each word: + for the class, - against (scale |R| = " + limit_text +
              ")\n";
  }

  std::size_t column = 0;
  for (std::size_t index = 0; index < document.words.size(); ++index) {
    const float relevance = document.relevances.data()[index];
    const std::string word = sanitise_for_terminal(document.words[index]);
    std::string shown = word;
    if (relevance != 0.0f) {
      if (color) {
        const Rgb background = diverging_color(relevance, limit);
        shown = ansi_background(background) + ansi_foreground(text_color_on(background)) + word +
                kAnsiReset;
      } else {
        shown = word + "[" + signed_number(relevance) + "]";
      }
    }
    // Width as it appears on screen: escape codes take no columns, brackets do.
    const std::size_t width =
        display_width(word) +
        (color || relevance == 0.0f ? 0 : 2 + signed_number(relevance).size());
    if (column > 0) {
      if (options.line_width > 0 && column + 1 + width > options.line_width) {
        output += '\n';
        column = 0;
      } else {
        output += ' ';
        ++column;
      }
    }
    output += shown;
    column += width;
  }
  output += '\n';
  return output;
}

}  // namespace glassbox::render
