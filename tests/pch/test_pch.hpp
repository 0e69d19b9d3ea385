// The precompiled header of the test programs (tests/meson.build): the third-party headers nearly
// every test file includes, parsed once per suite binary instead of once per test file. Used where
// a suite compiles in more than one unit (-Dunity=off); a unity build parses them once anyway. Only
// headers from outside the project belong here, so that a test still has to include the glassbox
// headers it uses; a build with -Db_pch=false compiles the tests without it. No #pragma once:
// the compiler reads this file only as a header to precompile, and warns about one there.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xtensor/xarray.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>
#include <xtensor/xtensor.hpp>
#include <xtensor/xview.hpp>
