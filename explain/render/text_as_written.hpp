// A document's explanation drawn on its text as written: case, punctuation and line breaks kept,
// each word that the model read on a box of its relevance's colour (colormap.hpp: red for the
// explained class, blue against, scaled by a limit). The word heatmap of text_heatmap.hpp shows the
// tokens the model read, lower-cased and run together; this shows the page a reader sees.
//
// The caller says where the words are: byte ranges [begin, end) of the text, each with its
// relevance (datasets/newsgroups/features.hpp, encoded_token_spans, gives them for the words a
// model's encoding keeps). Characters outside every range are drawn in black on white.
//
// Layout, in the built-in 5×7 font (font.hpp) at scale s, a = 6·s pixels per character:
//   margin, the title, 2·s, "limit |R| = …", 2·s, then the text's lines h + 4·s apart (h = 7·s),
//   margin. A line breaks at '\n' and, when longer than `line_width` characters, every
//   `line_width` characters; a tab advances to the next multiple of 8 columns; '\r' is not
//   drawn; each UTF-8 sequence is one character, drawn as '?' (the font is ASCII only). After
//   `most_lines` lines the rest is cut and one line "[… N more lines]" says so.
//   A character's box spans its whole cell (a × (h + 2·s)), so a word's boxes join into one.
//
// Shapes: `words` W ranges, in any order, not overlapping.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "explain/render/image.hpp"

namespace glassbox::render {

struct WrittenWord {
  std::size_t begin = 0, end = 0;  // bytes of the text
  float relevance = 0.0f;
};

struct TextAsWrittenOptions {
  float relevance_limit = 0.0f;  // |R| drawn fully saturated; 0: the largest |R| of the words
  std::size_t line_width = 80;   // characters; longer lines wrap
  std::size_t most_lines = 60;   // lines drawn before the rest is cut
  std::size_t font_scale = 2;
  std::size_t margin = 8;
};

// The picture described above. ArgumentError for a range outside the text or overlapping
// another, a negative limit, a line width or font scale of 0.
RgbImage render_text_as_written(const std::string& title, const std::string& text,
                                const std::vector<WrittenWord>& words,
                                const TextAsWrittenOptions& options = {});

}  // namespace glassbox::render
