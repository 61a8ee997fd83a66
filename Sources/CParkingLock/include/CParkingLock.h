// A mutex that polls briefly, then sleeps on a futex: the work queue's lock (KubeRuntime's
// ParkingMutex). In C because Swift cannot call `syscall`, which is variadic, nor wait on the address
// of a Synchronization.Atomic.
//
// The lock word is 0 (unlocked), 1 (locked, no sleeper) or 2 (locked, maybe sleepers): the third
// mutex of Ulrich Drepper's "Futexes Are Tricky". Before it sleeps, a waiter reads the word after every
// pause, up to CPARKINGLOCK_SPINS times (about 2 µs on this project's machines, where a pause takes
// 22 ns), and takes the lock the moment it is free: the queue holds it for a few hundred nanoseconds,
// and a holder that retakes it at once leaves a gap shorter than a pause, which a waiter polling more
// coarsely misses (docs/benchmarks.md, "Tenth session"). Only a waiter that polled in vain makes the
// two system calls of a sleep and a wake.
#ifndef CPARKINGLOCK_H
#define CPARKINGLOCK_H

#include <stdint.h>

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#else
#include <sched.h>
#endif

#define CPARKINGLOCK_SPINS 100

static inline void cparkinglock_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/// Sleeps while the word is 2; returns at once if it is not, and on spurious wake-ups.
static inline void cparkinglock_sleep(uint32_t *word) {
#if defined(__linux__)
    syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, 2, (void *)0, (void *)0, 0);
#else
    // Without a futex (a developer's Mac), yield the core instead of sleeping.
    sched_yield();
#endif
}

static inline void cparkinglock_wake_one(uint32_t *word) {
#if defined(__linux__)
    syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, (void *)0, (void *)0, 0);
#endif
}

static inline void cparkinglock_lock_contended(uint32_t *word) {
    for (int spin = 0; spin < CPARKINGLOCK_SPINS; spin++) {
        cparkinglock_pause();
        uint32_t expected = 0;
        if (__atomic_load_n(word, __ATOMIC_RELAXED) == 0
            && __atomic_compare_exchange_n(word, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
            return;
        }
    }
    // Announce a sleeper (2) whatever the word was; if it was 0, the lock is ours.
    while (__atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE) != 0) cparkinglock_sleep(word);
}

static inline void cparkinglock_lock(uint32_t *word) {
    uint32_t expected = 0;
    if (__builtin_expect(__atomic_compare_exchange_n(word, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED), 1)) {
        return;
    }
    cparkinglock_lock_contended(word);
}

static inline void cparkinglock_unlock(uint32_t *word) {
    // 1: nobody announced sleeping. 2: someone may sleep, and one sleeper is woken.
    if (__builtin_expect(__atomic_exchange_n(word, 0, __ATOMIC_RELEASE) == 2, 0)) cparkinglock_wake_one(word);
}

#endif
