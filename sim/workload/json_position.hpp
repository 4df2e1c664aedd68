// Where a value sits in a JSON text, for errors: nlohmann's DOM keeps no positions, so the
// text is read again (only when there is an error to report) until the value is reached.
#pragma once

#include <string>

namespace nimbus {

// "file:line:col" of the value at `path` ("workflow.tasks[3].runtimeInSeconds": keys
// separated by '.', array indices in brackets), or of the deepest part of it that exists;
// "file" when the text is not JSON. Lines and columns count from 1.
std::string json_position(const std::string& file, const std::string& text, const std::string& path);

// "file:line:col" of byte `offset` (nlohmann's parse errors report one).
std::string text_position(const std::string& file, const std::string& text, std::size_t offset);

}  // namespace nimbus
