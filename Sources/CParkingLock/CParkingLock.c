// The lock is header-only (static inline, so Swift inlines it); SwiftPM needs one source file.
#include "CParkingLock.h"
