// Test support: loopback ports for servers the tests start.
#pragma once

namespace postern::testing {

// A loopback TCP port that was free a moment ago: the kernel picks it for a socket that
// is then closed, so a server started soon after can listen on it. Racy only against
// other processes picking ports at the same instant.
int FreeLoopbackPort();

}  // namespace postern::testing
