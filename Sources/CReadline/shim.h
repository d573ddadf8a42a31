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
static int facturo_rl_start = 0;

// Where the word being completed starts in the line, for the generator.
static inline int facturo_rl_completion_start(void) {
    return facturo_rl_start;
}

static inline const char *facturo_rl_line_buffer(void) {
    return rl_line_buffer;
}

static inline char **facturo_rl_attempted_completion(const char *text, int start, int end) {
    (void)end;
    // The console's generator decides from the whole line; never fall back
    // to file names (misleading for most arguments).
    rl_attempted_completion_over = 1;
    if (facturo_rl_current_generator == 0) return NULL;
    facturo_rl_start = start;
    return rl_completion_matches(text, facturo_rl_current_generator);
}

static inline void facturo_rl_install_completion(facturo_rl_generator generator) {
    facturo_rl_current_generator = generator;
    rl_attempted_completion_function = facturo_rl_attempted_completion;
}

// The console handles Ctrl-C itself (cancel the request in flight, or
// clear the line): readline must not install its own signal handlers.
static inline void facturo_rl_leave_signals_alone(void) {
    rl_catch_signals = 0;
}

// Ctrl-C at the prompt: abandon the line being typed, as shells do.
static inline void facturo_rl_cancel_line(void) {
    rl_replace_line("", 0);
    fputs("^C\n", stdout);
    fflush(stdout);
    rl_on_new_line();
    rl_redisplay();
}

typedef void (*facturo_rl_line_handler)(char *line);

// Callback mode: the console polls standard input and its event pipe, so
// pushed events can be printed while the user is typing.
static inline void facturo_rl_install_handler(const char *prompt, facturo_rl_line_handler handler) {
    rl_callback_handler_install(prompt, handler);
}

static inline void facturo_rl_remove_handler(void) {
    rl_callback_handler_remove();
}

// Prints `text` above the prompt and redraws the prompt with what the user
// had typed and the cursor where it was: an event never corrupts the line
// being edited.
static inline void facturo_rl_print_above(const char *text) {
    int saved_point = rl_point;
    char *saved_line = rl_copy_text(0, rl_end);
    rl_save_prompt();
    rl_replace_line("", 0);
    rl_redisplay();
    fputs("\r", stdout);
    fputs(text, stdout);
    fflush(stdout);
    rl_restore_prompt();
    rl_replace_line(saved_line, 0);
    rl_point = saved_point;
    rl_redisplay();
    free(saved_line);
}

#endif
