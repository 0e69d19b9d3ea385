// Float arrays as base64 text, for the explorer page's data.js: each value's 4 bytes of IEEE-754
// float32 in little-endian order, then standard base64 (RFC 4648, '+' '/' and '=' padding). The
// page decodes it with atob into a Float32Array and so sees exactly the floats glassbox computed,
// in a third of the room decimal text would take (about 5.3 characters a value instead of ~12).
#pragma once

#include <cstddef>
#include <string>

namespace glassbox::explain {

// `count` floats from `values` as base64 of their little-endian float32 bytes.
std::string float32_base64(const float* values, std::size_t count);

}  // namespace glassbox::explain
