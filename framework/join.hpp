// Lists in messages and help texts: "mnist, 20news".
#pragma once

#include <string>
#include <vector>

namespace glassbox {

// The items in order with `separator` between them; "" for none.
std::string join(const std::vector<std::string>& items, const std::string& separator = ", ");

}  // namespace glassbox
