// A host's number in the platform's host order: what every layer uses to name a host
// (placement, runtime, metrics), with no dependency between those layers.
#pragma once

namespace nimbus {

using HostIndex = int;
inline constexpr HostIndex kNoHost = -1;

}  // namespace nimbus
