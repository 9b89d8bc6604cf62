#pragma once
// The Xapian weighting scheme for a search's resolved ranking settings.

#include <memory>

#include <xapian.h>

#include "common/ranking.hpp"

namespace newsdex {

// A new scheme for settings.model with its parameters (common/ranking.hpp).
std::unique_ptr<Xapian::Weight> make_weight(const ranking::Settings& settings);

}  // namespace newsdex
