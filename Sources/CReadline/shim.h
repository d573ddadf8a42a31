#ifndef FACTURO_CREADLINE_SHIM_H
#define FACTURO_CREADLINE_SHIM_H

// readline.h uses FILE without including stdio.h.
#include <stdio.h>
#include <stdlib.h>
#include <readline/readline.h>
#include <readline/history.h>

// Swift 6 refuses to touch readline's mutable C globals directly (they are
// not concurrency-safe), so each one the console needs gets a tiny setter.

static inline void facturo_rl_set_name(const char *name) {
    rl_readline_name = name;
}

typedef char *(*facturo_rl_generator)(const char *text, int state);

static facturo_rl_generator facturo_rl_current_generator = 0;

static inline char **facturo_rl_attempted_completion(const char *text, int start, int end) {
    (void)end;
    // Complete command names only on the first word; otherwise let readline
    // fall back to no completion (file names would be misleading here).
    rl_attempted_completion_over = 1;
    if (facturo_rl_current_generator == 0) return NULL;
    if (start != 0) return NULL;
    return rl_completion_matches(text, facturo_rl_current_generator);
}

static inline void facturo_rl_install_completion(facturo_rl_generator generator) {
    facturo_rl_current_generator = generator;
    rl_attempted_completion_function = facturo_rl_attempted_completion;
}

#endif
