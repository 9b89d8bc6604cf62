#pragma once
// The whole public API of newsdex.
#include "newsdex/error.hpp"
#include "newsdex/index.hpp"
#include "newsdex/paths.hpp"
#include "newsdex/search.hpp"
#include "newsdex/version.hpp"
