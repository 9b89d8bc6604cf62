#pragma once
// The whole public API of newsdex: include this one header.
#include "newsdex/document.hpp"
#include "newsdex/error.hpp"
#include "newsdex/fetch.hpp"
#include "newsdex/index.hpp"
#include "newsdex/paths.hpp"
#include "newsdex/search.hpp"
#include "newsdex/version.hpp"
