/* mc-explain.c: what an error message or a returned mail (bounce) means, and what to do.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "mc-i18n.h"

#include "mc-bounce-input.h"
#include "mc-explain.h"
#include "mc-explain-rules.h"
#include "mc-guidance.h"
#include "mc-status-codes.h"

/* A logical line (a wrapped line joined again) is looked at up to this
 * length: server replies are a few hundred bytes; anything longer is not
 * one, and long lines would only make the patterns slow. */
#define MAX_LINE 4096
/* The server's words are shown up to this length. */
#define MAX_DIAGNOSTIC 1000
/* Most other failed recipients listed. */
#define MAX_OTHERS 20

struct _McExplanation
{
  GObject        parent_instance;

  char          *basic_code;
  char          *enhanced_code;
  McEnhancedCode enhanced;
  McBounceClass  klass;
  char          *recipient;
  char          *remote_server;
  char          *diagnostic;
  const char    *guidance;       /* a catalogue id: a static string */
  GPtrArray     *others;         /* other failed or delayed recipients */
  gboolean       delivered;      /* a report of successful delivery */

  /* Translated texts, made for the language current when asked for. A
   * string handed out stays valid as long as the explanation: when the
   * language changes, the old ones move to retired. */
  char          *language;
  char          *summary;
  char          *code_meaning;
  GPtrArray     *retired;
};

G_DEFINE_FINAL_TYPE (McExplanation, mc_explanation, G_TYPE_OBJECT)

static void
mc_explanation_finalize (GObject *object)
{
  McExplanation *self = MC_EXPLANATION (object);

  g_free (self->basic_code);
  g_free (self->enhanced_code);
  g_free (self->recipient);
  g_free (self->remote_server);
  g_free (self->diagnostic);
  g_clear_pointer (&self->others, g_ptr_array_unref);
  g_free (self->language);
  g_free (self->summary);
  g_free (self->code_meaning);
  g_clear_pointer (&self->retired, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_explanation_parent_class)->finalize (object);
}

static void
mc_explanation_class_init (McExplanationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_explanation_finalize;
}

static void
mc_explanation_init (McExplanation *self)
{
  self->others = g_ptr_array_new_with_free_func (g_free);
  self->retired = g_ptr_array_new_with_free_func (g_free);
  self->guidance = "explain-unknown";
}

const char *
mc_bounce_class_to_string (McBounceClass klass)
{
  switch (klass)
    {
    case MC_BOUNCE_CLASS_PERMANENT:
      return "permanent";
    case MC_BOUNCE_CLASS_TEMPORARY:
      return "temporary";
    case MC_BOUNCE_CLASS_DEFERRED:
      return "deferred";
    case MC_BOUNCE_CLASS_POLICY:
      return "policy";
    case MC_BOUNCE_CLASS_LOCAL_CONFIGURATION:
      return "local-configuration";
    case MC_BOUNCE_CLASS_UNKNOWN:
    default:
      return "unknown";
    }
}

const char *
mc_bounce_class_get_label (McBounceClass klass)
{
  switch (klass)
    {
    case MC_BOUNCE_CLASS_PERMANENT:
      return _("Permanent failure: it will not go through as it is");
    case MC_BOUNCE_CLASS_TEMPORARY:
      return _("Temporary failure: it may go through later");
    case MC_BOUNCE_CLASS_DEFERRED:
      return _("Delayed: the server is still trying");
    case MC_BOUNCE_CLASS_POLICY:
      return _("Refused by a rule of the receiving side");
    case MC_BOUNCE_CLASS_LOCAL_CONFIGURATION:
      return _("A problem with settings");
    case MC_BOUNCE_CLASS_UNKNOWN:
    default:
      return _("Not recognised");
    }
}

/* --- Patterns that find things in the text ------------------------------- */

#define ADDRESS "[A-Za-z0-9._%+!#$&'*/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?" \
                "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
#define HOST    "([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)"

typedef enum
{
  PATTERN_PAIR,         /* "550 5.1.1", "550-5.7.26", "421 #4.4.2" */
  PATTERN_BASIC,        /* a reply code where servers and programs put one */
  PATTERN_ENHANCED,     /* "5.1.1" on its own */
  PATTERN_ADDRESS,
  PATTERN_ANGLE_ADDRESS,
  PATTERN_POSTFIX_RECIPIENT,
  PATTERN_RECIPIENT_PHRASE,
  PATTERN_REMOTE_HOST,
  N_PATTERNS
} PatternId;

static const char * const pattern_sources[N_PATTERNS] = {
  [PATTERN_PAIR] = "(?<![\\d.\\w])([245]\\d\\d)[ -]#?([245]\\.\\d{1,3}\\.\\d{1,3})(?!\\d|\\.\\d)",
  [PATTERN_BASIC] = "(?:^[ \\t>]*(?:<<<[ \\t]*|\\*\\*[ \\t]*)?|(?:said|error|reply|response|responded|returned"
                    "|answered|replied|code|応答|エラー)\\W{0,4}|['\"(])([245]\\d\\d)(?=[ \\-:'\".,)]|$)",
  [PATTERN_ENHANCED] = "(?<![\\w.])#?([245]\\.[0-7]\\.\\d{1,3})(?!\\d|\\.\\d)",
  [PATTERN_ADDRESS] = "(" ADDRESS ")",
  [PATTERN_ANGLE_ADDRESS] = "<(" ADDRESS ")>",
  [PATTERN_POSTFIX_RECIPIENT] = "^[ \\t]*<(" ADDRESS ")>(?: \\(expanded from <[^>]*>\\))?:\\s",
  [PATTERN_RECIPIENT_PHRASE] = "(?:address(?:es|\\(es\\))? failed:|fatal errors -+|wasn't delivered to"
                               "|was not delivered to|couldn't be delivered to|could not be delivered to"
                               "|delivering your message to|your message to|recipients or groups:"
                               "|following recipients?:|宛先(?:アドレス|メールアドレス)?\\s*[:：]"
                               "|あて先\\s*[:：]|受信者\\s*[:：]|送信先(?:アドレス)?\\s*[:：]"
                               "|(?:^|\\n)(?:メールアドレス|recipient|e-?mail address)\\s*[:：])"
                               "[^@<]{0,60}?<?(" ADDRESS ")",
  [PATTERN_REMOTE_HOST] = "host " HOST "\\[[0-9A-Fa-f.:]+\\](?::\\d+)? said"
                          "|connect to " HOST "\\[[0-9A-Fa-f.:]+\\]"
                          "|host " HOST " \\[[0-9A-Fa-f.:]+\\]"
                          "|while talking to " HOST "\\.?:"
                          "|(?:receiving server|remote server|remote-mta)\\s*:\\s*(?:dns;\\s*)?" HOST
                          "|(?:相手先|受信側|宛先)(?:の)?(?:メール)?サーバー?\\s*[:：]\\s*" HOST,
};

static GRegex *
pattern (PatternId id)
{
  static GRegex *compiled[N_PATTERNS];
  static gsize initialised;

  if (g_once_init_enter (&initialised))
    {
      for (guint i = 0; i < N_PATTERNS; i++)
        {
          g_autoptr(GError) error = NULL;

          compiled[i] = g_regex_new (pattern_sources[i],
                                     G_REGEX_CASELESS | G_REGEX_MULTILINE | G_REGEX_OPTIMIZE,
                                     0, &error);
          if (compiled[i] == NULL)
            g_error ("Explainer pattern %u does not compile: %s", i, error->message);
        }
      g_once_init_leave (&initialised, 1);
    }
  return compiled[id];
}

/* Joins the lines that servers wrap (continued lines start with white
 * space) and bounds each line, so that one line holds one reply. */
static char *
unfold (const char *text)
{
  GString *out = g_string_sized_new (MIN (strlen (text), (gsize) MC_BOUNCE_MAX_TEXT) + 1);
  const char *p = text;
  gsize line_start = 0;
  gboolean previous_blank = TRUE;

  while (*p != '\0')
    {
      const char *eol = strchr (p, '\n');
      gsize length = eol != NULL ? (gsize) (eol - p) : strlen (p);
      const char *start = p, *end = p + length;
      gboolean continued = (*p == ' ' || *p == '\t') && !previous_blank;

      while (start < end && g_ascii_isspace (*start))
        start++;
      while (end > start && g_ascii_isspace (end[-1]))
        end--;

      if (continued)
        {
          if (out->len - line_start < MAX_LINE)
            {
              g_string_append_c (out, ' ');
              g_string_append_len (out, start, MIN ((gssize) (end - start),
                                                    (gssize) (MAX_LINE - (out->len - line_start))));
            }
        }
      else
        {
          if (out->len > 0)
            g_string_append_c (out, '\n');
          line_start = out->len;
          g_string_append_len (out, start, MIN ((gssize) (end - start), (gssize) MAX_LINE));
        }
      previous_blank = start == end;
      p = eol != NULL ? eol + 1 : p + length;
    }
  /* Cutting at MAX_LINE may have split a character. */
  {
    char *valid = g_utf8_make_valid (out->str, (gssize) out->len);

    g_string_free (out, TRUE);
    return valid;
  }
}

/* At most max bytes of text, cut between two characters, as valid UTF-8. */
static char *
utf8_prefix (const char *text,
             gsize       max)
{
  gsize length = strlen (text);

  if (length > max)
    {
      length = max;
      while (length > 0 && ((guchar) text[length] & 0xc0) == 0x80)
        length--;
    }
  return g_utf8_make_valid (text, (gssize) length);
}

/* The line of text that holds position. */
static char *
line_at (const char *text,
         gsize       position)
{
  const char *start = text + position, *end;

  while (start > text && start[-1] != '\n')
    start--;
  end = strchr (text + position, '\n');
  if (end == NULL)
    end = text + strlen (text);
  return g_strndup (start, (gsize) (end - start));
}

/* The server's words from where its code starts to the end of the line,
 * without quotes around them, bounded. */
static char *
words_from (const char *text,
            gsize       position)
{
  const char *start = text + position, *end = strchr (start, '\n');
  g_autofree char *line = NULL;

  if (end == NULL)
    end = start + strlen (start);
  while (end > start && (end[-1] == '\'' || end[-1] == '"' || g_ascii_isspace (end[-1])))
    end--;
  line = g_strndup (start, (gsize) (end - start));
  return utf8_prefix (line, MAX_DIAGNOSTIC);
}

typedef struct
{
  guint          basic;          /* 0 when none */
  McEnhancedCode enhanced;
  gboolean       has_enhanced;
  gssize         position;       /* where the code starts in the text, or -1 */
} FoundCodes;

static gboolean
code_class_is_failure (guint klass)
{
  return klass == 4 || klass == 5;
}

/* Finds the first failure reply in text: a basic code with an enhanced
 * code after it, else a basic code where one is expected, else an
 * enhanced code alone. Successes ("250 2.0.0 Ok" in a transcript) are
 * passed over. */
static gboolean
find_codes (const char *text,
            FoundCodes *found)
{
  g_autoptr(GMatchInfo) match = NULL;

  found->basic = 0;
  found->has_enhanced = FALSE;
  found->position = -1;

  g_regex_match (pattern (PATTERN_PAIR), text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *basic = g_match_info_fetch (match, 1);
      g_autofree char *enhanced = g_match_info_fetch (match, 2);
      guint code = 0;
      McEnhancedCode parsed;
      int start;

      if (mc_reply_code_parse (basic, &code) && code_class_is_failure (code / 100) &&
          mc_enhanced_code_parse (enhanced, -1, &parsed))
        {
          g_match_info_fetch_pos (match, 1, &start, NULL);
          found->basic = code;
          found->enhanced = parsed;
          found->has_enhanced = TRUE;
          found->position = start;
          return TRUE;
        }
      g_match_info_next (match, NULL);
    }
  g_clear_pointer (&match, g_match_info_free);

  g_regex_match (pattern (PATTERN_BASIC), text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *basic = g_match_info_fetch (match, 1);
      guint code = 0;
      int start;

      if (mc_reply_code_parse (basic, &code) && code_class_is_failure (code / 100))
        {
          g_autofree char *line = NULL;
          g_autoptr(GMatchInfo) enhanced_match = NULL;

          g_match_info_fetch_pos (match, 1, &start, NULL);
          found->basic = code;
          found->position = start;
          /* "550 Requested action not taken … (#5.1.1)": an enhanced code
           * later on the same line belongs to this reply. */
          line = line_at (text, (gsize) start);
          if (g_regex_match (pattern (PATTERN_ENHANCED), line, 0, &enhanced_match))
            {
              g_autofree char *enhanced = g_match_info_fetch (enhanced_match, 1);

              found->has_enhanced = mc_enhanced_code_parse (enhanced, -1, &found->enhanced) &&
                                    found->enhanced.klass == code / 100;
            }
          return TRUE;
        }
      g_match_info_next (match, NULL);
    }
  g_clear_pointer (&match, g_match_info_free);

  g_regex_match (pattern (PATTERN_ENHANCED), text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *enhanced = g_match_info_fetch (match, 1);
      McEnhancedCode parsed;
      int start;

      if (mc_enhanced_code_parse (enhanced, -1, &parsed) && code_class_is_failure (parsed.klass))
        {
          g_match_info_fetch_pos (match, 1, &start, NULL);
          found->enhanced = parsed;
          found->has_enhanced = TRUE;
          found->position = start;
          return TRUE;
        }
      g_match_info_next (match, NULL);
    }
  return FALSE;
}

static char *
first_capture (PatternId   id,
               const char *text)
{
  g_autoptr(GMatchInfo) match = NULL;

  if (text == NULL)
    return NULL;
  if (!g_regex_match (pattern (id), text, 0, &match))
    return NULL;
  /* The remote-host pattern has one group per server style: the first one
   * that took part is the host. */
  for (int i = 1; i < g_match_info_get_match_count (match); i++)
    {
      char *value = g_match_info_fetch (match, i);

      if (value != NULL && *value != '\0')
        return value;
      g_free (value);
    }
  return NULL;
}

static gboolean
is_system_address (const char *address)
{
  return g_ascii_strncasecmp (address, "mailer-daemon@", 14) == 0 ||
         g_ascii_strncasecmp (address, "postmaster@", 11) == 0;
}

/* The first address in angle brackets that is not the reporting system's own. */
static char *
first_angle_address (const char *text)
{
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (pattern (PATTERN_ANGLE_ADDRESS), text, 0, &match);
  while (g_match_info_matches (match))
    {
      char *address = g_match_info_fetch (match, 1);

      if (!is_system_address (address))
        return address;
      g_free (address);
      g_match_info_next (match, NULL);
    }
  return NULL;
}

static char *
clean_host (char *host)
{
  gsize length;

  if (host == NULL)
    return NULL;
  length = strlen (host);
  while (length > 0 && host[length - 1] == '.')
    host[--length] = '\0';
  /* A host name has a dot; an address has dots or colons. Anything else
   * ("localhost", a word) does not say where the refusal came from. */
  if (length == 0 || length > 255 || (strchr (host, '.') == NULL && strchr (host, ':') == NULL))
    {
      g_free (host);
      return NULL;
    }
  {
    char *lower = g_ascii_strdown (host, -1);

    g_free (host);
    return lower;
  }
}

/* --- Putting it together ----------------------------------------------- */

typedef struct
{
  const char *guidance;
  guint       flags;
  int         score;
  char       *line;      /* the line the rule matched in, if not the diagnostic */
} Verdict;

/* Where a match was found weighs more than what it is: the server's own
 * reply for this recipient is what the explanation rests on, and the text
 * around it (boilerplate, other recipients) only speaks where the reply
 * says nothing. A delay warning is the exception, wherever it is. */
static int
score_of (McRuleTier tier,
          gboolean   in_diagnostic)
{
  if (tier == MC_RULE_TIER_DELAY)
    return 1000;
  return (in_diagnostic ? 100 : 0) + (int) tier * 10;
}

static void
consider (Verdict    *verdict,
          const char *guidance,
          guint       flags,
          int         score,
          char       *line)
{
  if (guidance == NULL || score <= verdict->score)
    {
      g_free (line);
      return;
    }
  verdict->guidance = guidance;
  verdict->flags = flags;
  verdict->score = score;
  g_free (verdict->line);
  verdict->line = line;
}

static gboolean
rule_applies (const McExplainRule *rule,
              guint                code_class,
              const char          *recipient)
{
  if ((rule->flags & MC_RULE_FLAG_CARRIER) != 0 && !mc_explain_is_carrier_domain (recipient))
    return FALSE;
  if ((rule->flags & MC_RULE_FLAG_PERMANENT) != 0 && code_class == 4)
    return FALSE;
  if ((rule->flags & MC_RULE_FLAG_TEMPORARY) != 0 && code_class == 5)
    return FALSE;
  return TRUE;
}

static void
match_rules (Verdict    *verdict,
             const char *diagnostic,
             const char *subject,
             const char *text,
             guint       code_class,
             const char *recipient)
{
  const McExplainRule *rules;
  guint n_rules = 0;

  rules = mc_explain_rules_get_all (&n_rules);
  for (guint i = 0; i < n_rules; i++)
    {
      GRegex *regex = mc_explain_rule_get_regex (i);
      g_autoptr(GMatchInfo) match = NULL;

      if (!rule_applies (&rules[i], code_class, recipient))
        continue;
      if (diagnostic != NULL && g_regex_match (regex, diagnostic, 0, NULL))
        consider (verdict, rules[i].guidance, rules[i].flags, score_of (rules[i].tier, TRUE), NULL);
      else if (subject != NULL && g_regex_match (regex, subject, 0, NULL))
        consider (verdict, rules[i].guidance, rules[i].flags, score_of (rules[i].tier, FALSE),
                  g_strdup (subject));
      else if (g_regex_match (regex, text, 0, &match))
        {
          int start = 0;

          g_match_info_fetch_pos (match, 0, &start, NULL);
          consider (verdict, rules[i].guidance, rules[i].flags, score_of (rules[i].tier, FALSE),
                    line_at (text, (gsize) start));
        }
    }
}

static McBounceRecipient *
choose_recipient (GPtrArray *recipients)
{
  /* The first that failed; else the first delayed; else the first. */
  static const char * const order[] = { "failed", "delayed" };

  for (guint o = 0; o < G_N_ELEMENTS (order); o++)
    {
      for (guint i = 0; i < recipients->len; i++)
        {
          McBounceRecipient *r = g_ptr_array_index (recipients, i);

          if (g_strcmp0 (r->action, order[o]) == 0)
            return r;
        }
    }
  return recipients->len > 0 ? g_ptr_array_index (recipients, 0) : NULL;
}

static const char *
recipient_address (McBounceRecipient *r)
{
  /* The address the sender wrote (ORCPT) is the one they recognise. */
  return r->original_recipient != NULL ? r->original_recipient : r->final_recipient;
}

static void
add_other (McExplanation *self,
           const char    *address)
{
  if (address == NULL || self->others->len >= MAX_OTHERS || g_strcmp0 (address, self->recipient) == 0)
    return;
  for (guint i = 0; i < self->others->len; i++)
    {
      if (g_ascii_strcasecmp (g_ptr_array_index (self->others, i), address) == 0)
        return;
    }
  g_ptr_array_add (self->others, g_strdup (address));
}

static char *
find_recipient (McBounceInput     *input,
                McBounceRecipient *chosen,
                const char        *diagnostic,
                const char        *text,
                gboolean           sender_in_words)
{
  char *found;

  if (chosen != NULL && recipient_address (chosen) != NULL)
    return g_strdup (recipient_address (chosen));
  if (input->failed_header->len > 0)
    return g_strdup (g_ptr_array_index (input->failed_header, 0));
  /* When the refusal is about the sender, the address in the server's
   * words is the sender's own, and only an explicit recipient counts. */
  if (!sender_in_words && diagnostic != NULL)
    {
      if ((found = first_angle_address (diagnostic)) != NULL)
        return found;
      if ((found = first_capture (PATTERN_ADDRESS, diagnostic)) != NULL && !is_system_address (found))
        return found;
      g_free (found);
    }
  if ((found = first_capture (PATTERN_POSTFIX_RECIPIENT, text)) != NULL)
    return found;
  if ((found = first_capture (PATTERN_RECIPIENT_PHRASE, text)) != NULL)
    return found;
  if (sender_in_words)
    return NULL;
  if ((found = first_angle_address (text)) != NULL)
    return found;
  return NULL;
}

static McExplanation *
explain_input (McBounceInput *input)
{
  McExplanation *self = g_object_new (MC_TYPE_EXPLANATION, NULL);
  McBounceRecipient *chosen = choose_recipient (input->recipients);
  g_autofree char *text = unfold (input->text);
  g_autofree char *subject = input->subject != NULL ? unfold (input->subject) : NULL;
  g_autofree char *diagnostic = NULL;
  g_autofree char *recipient = NULL;
  FoundCodes codes = { 0, { 0, 0, 0 }, FALSE, -1 };
  McEnhancedCode status;
  gboolean has_status = FALSE;
  guint code_class = 0;
  Verdict verdict = { NULL, 0, 0, NULL };

  /* The server's words: the delivery-status part's, else the first reply
   * line in the text. */
  if (chosen != NULL && chosen->diagnostic != NULL)
    {
      g_autofree char *line = unfold (chosen->diagnostic);

      diagnostic = utf8_prefix (line, MAX_DIAGNOSTIC);
      find_codes (diagnostic, &codes);
    }
  else if (find_codes (text, &codes))
    diagnostic = words_from (text, (gsize) codes.position);

  /* The status field of the delivery-status part, when the reply had no
   * enhanced code or only a vaguer one (X.0.0). Status fields are
   * "well-formed" by RFC 3463's grammar, so any subject is taken. */
  if (chosen != NULL && chosen->status != NULL)
    {
      const char *s = chosen->status;
      gsize n = strcspn (s, " \t(");

      has_status = mc_enhanced_code_parse (s, (gssize) n, &status);
    }
  if (has_status && (!codes.has_enhanced || (codes.enhanced.subject == 0 && codes.enhanced.detail == 0)))
    {
      codes.enhanced = status;
      codes.has_enhanced = TRUE;
    }

  if (codes.basic != 0)
    self->basic_code = g_strdup_printf ("%u", codes.basic);
  if (codes.has_enhanced)
    {
      self->enhanced = codes.enhanced;
      self->enhanced_code = mc_enhanced_code_to_string (&codes.enhanced);
      code_class = codes.enhanced.klass;
    }
  else if (codes.basic != 0)
    code_class = codes.basic / 100;

  recipient = find_recipient (input, chosen, diagnostic, text, FALSE);

  /* A temporary code in a final report: the server tried for days and
   * gave up ("delivery temporarily suspended", then returned). Considered
   * first, so that the words "temporarily" in the same reply do not turn
   * it into a "try again later". */
  if (chosen != NULL && g_strcmp0 (chosen->action, "failed") == 0 && code_class == 4)
    consider (&verdict, "bounce-deferred", MC_RULE_FLAG_GAVE_UP, score_of (MC_RULE_TIER_TEXT, TRUE),
              NULL);

  /* What it means: the recognised words and provider codes, then the
   * registry's meaning of the enhanced code, then the basic code. */
  match_rules (&verdict, diagnostic, subject, text, code_class, recipient);
  if (codes.has_enhanced)
    consider (&verdict, mc_explain_guidance_for_enhanced (&codes.enhanced), MC_RULE_FLAG_NONE,
              score_of (MC_RULE_TIER_ENHANCED, TRUE), NULL);
  if (codes.basic != 0)
    consider (&verdict, mc_explain_guidance_for_reply_code (codes.basic), MC_RULE_FLAG_NONE,
              score_of (MC_RULE_TIER_BASIC, TRUE), NULL);
  if (chosen != NULL && g_strcmp0 (chosen->action, "delayed") == 0)
    consider (&verdict, "bounce-deferred", MC_RULE_FLAG_NONE, score_of (MC_RULE_TIER_DELAY, TRUE),
              NULL);
  if (verdict.guidance != NULL)
    self->guidance = verdict.guidance;
  if ((verdict.flags & MC_RULE_FLAG_SENDER) != 0)
    {
      g_free (recipient);
      recipient = find_recipient (input, chosen, diagnostic, text, TRUE);
    }
  self->recipient = g_steal_pointer (&recipient);

  /* A report that says "delivered" is good news, not an error. */
  if (chosen != NULL && code_class == 2 &&
      (g_strcmp0 (chosen->action, "delivered") == 0 || g_strcmp0 (chosen->action, "relayed") == 0 ||
       g_strcmp0 (chosen->action, "expanded") == 0))
    {
      self->delivered = TRUE;
      self->guidance = "explain-unknown";
    }

  if (self->delivered)
    self->klass = MC_BOUNCE_CLASS_UNKNOWN;
  else
    self->klass = mc_explain_guidance_class (self->guidance, code_class, verdict.flags);
  /* A bounce for which a delay warning won, but whose report says it
   * failed, was given up. */
  if (g_str_equal (self->guidance, "bounce-deferred") && chosen != NULL &&
      g_strcmp0 (chosen->action, "failed") == 0)
    self->klass = MC_BOUNCE_CLASS_PERMANENT;

  if (diagnostic == NULL && verdict.line != NULL)
    diagnostic = utf8_prefix (verdict.line, MAX_DIAGNOSTIC);
  self->diagnostic = g_steal_pointer (&diagnostic);
  g_free (verdict.line);

  if (chosen != NULL && chosen->remote_mta != NULL)
    self->remote_server = clean_host (g_strdup (chosen->remote_mta));
  if (self->remote_server == NULL)
    self->remote_server = clean_host (first_capture (PATTERN_REMOTE_HOST, self->diagnostic));
  if (self->remote_server == NULL)
    self->remote_server = clean_host (first_capture (PATTERN_REMOTE_HOST, text));

  for (guint i = 0; i < input->recipients->len; i++)
    {
      McBounceRecipient *r = g_ptr_array_index (input->recipients, i);

      if (r != chosen && (g_strcmp0 (r->action, "failed") == 0 || g_strcmp0 (r->action, "delayed") == 0))
        add_other (self, recipient_address (r));
    }
  for (guint i = 0; i < input->failed_header->len; i++)
    add_other (self, g_ptr_array_index (input->failed_header, i));

  return self;
}

McExplanation *
mc_explain (const char *data,
            gsize       length)
{
  g_autoptr(McBounceInput) input = NULL;

  if (data == NULL)
    length = 0;
  input = mc_bounce_input_read (data, MIN (length, (gsize) MC_EXPLAIN_MAX_INPUT));
  return explain_input (input);
}

static void
explain_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GBytes *data = task_data;
  McExplanation *explanation;
  gsize length = 0;
  const char *bytes;

  if (g_task_return_error_if_cancelled (task))
    return;
  bytes = g_bytes_get_data (data, &length);
  explanation = mc_explain (bytes, length);
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (explanation);
      return;
    }
  g_task_return_pointer (task, explanation, g_object_unref);
}

void
mc_explain_async (GBytes              *data,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (data != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_explain_async);
  g_task_set_task_data (task, g_bytes_ref (data), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, explain_thread);
}

McExplanation *
mc_explain_finish (GAsyncResult  *result,
                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_explain_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- Getters ------------------------------------------------------------ */

const char *
mc_explanation_get_basic_code (McExplanation *self)
{
  g_return_val_if_fail (MC_IS_EXPLANATION (self), NULL);
  return self->basic_code;
}

const char *
mc_explanation_get_enhanced_code (McExplanation *self)
{
  g_return_val_if_fail (MC_IS_EXPLANATION (self), NULL);
  return self->enhanced_code;
}

McBounceClass
mc_explanation_get_class (McExplanation *self)
{
  g_return_val_if_fail (MC_IS_EXPLANATION (self), MC_BOUNCE_CLASS_UNKNOWN);
  return self->klass;
}

const char *
mc_explanation_get_recipient (McExplanation *self)
{
  g_return_val_if_fail (MC_IS_EXPLANATION (self), NULL);
  return self->recipient;
}

const char *
mc_explanation_get_remote_server (McExplanation *self)
{
  g_return_val_if_fail (MC_IS_EXPLANATION (self), NULL);
  return self->remote_server;
}

const char *
mc_explanation_get_diagnostic (McExplanation *self)
{
  g_return_val_if_fail (MC_IS_EXPLANATION (self), NULL);
  return self->diagnostic;
}

const char *
mc_explanation_get_guidance (McExplanation *self)
{
  g_return_val_if_fail (MC_IS_EXPLANATION (self), "explain-unknown");
  return self->guidance;
}

/* What names the language that _() translates into right now. */
static char *
current_language (void)
{
  return g_strdup_printf ("%s|%s", g_getenv ("LANGUAGE") != NULL ? g_getenv ("LANGUAGE") : "",
                          setlocale (LC_MESSAGES, NULL) != NULL ? setlocale (LC_MESSAGES, NULL) : "");
}

static char *
build_summary (McExplanation *self)
{
  const char *code = self->enhanced_code != NULL ? self->enhanced_code : self->basic_code;
  char *summary;

  if (self->delivered)
    {
      if (self->recipient != NULL)
        /* Translators: %s is the recipient's e-mail address. */
        return g_strdup_printf (_("This report says the message to %s was delivered: nothing needs "
                                  "to be done."), self->recipient);
      return g_strdup (_("This report says the message was delivered: nothing needs to be done."));
    }

  if (!g_str_equal (self->guidance, "explain-unknown"))
    {
      summary = mc_explain_summary_for (self->guidance, self->klass, self->recipient);
      if (summary != NULL)
        return summary;
    }

  if (code != NULL && self->code_meaning != NULL)
    /* Translators: first %s is a status code such as “5.9.1”, second its
     * meaning, such as “Permanent failure of a kind not in the registry”. */
    return g_strdup_printf (_("The server answered with code %s: %s."), code, self->code_meaning);
  return g_strdup (_("Nothing in this text could be recognised as a mail error."));
}

static void
refresh_texts (McExplanation *self)
{
  g_autofree char *language = current_language ();

  if (self->summary != NULL && g_strcmp0 (language, self->language) == 0)
    return;

  if (self->summary != NULL)
    g_ptr_array_add (self->retired, g_steal_pointer (&self->summary));
  if (self->code_meaning != NULL)
    g_ptr_array_add (self->retired, g_steal_pointer (&self->code_meaning));
  g_free (self->language);
  self->language = g_steal_pointer (&language);

  if (self->enhanced_code != NULL)
    self->code_meaning = mc_enhanced_code_describe (&self->enhanced);
  else if (self->basic_code != NULL)
    {
      guint code = 0;

      if (mc_reply_code_parse (self->basic_code, &code) && mc_reply_code_get_meaning (code) != NULL)
        self->code_meaning = g_strdup (mc_reply_code_get_meaning (code));
    }
  self->summary = build_summary (self);
}

const char *
mc_explanation_get_code_meaning (McExplanation *self)
{
  g_return_val_if_fail (MC_IS_EXPLANATION (self), NULL);

  if (self->enhanced_code == NULL)
    return NULL;
  refresh_texts (self);
  return self->code_meaning;
}

const char *
mc_explanation_get_summary (McExplanation *self)
{
  g_return_val_if_fail (MC_IS_EXPLANATION (self), NULL);

  refresh_texts (self);
  return self->summary;
}

/* --- Renderings ---------------------------------------------------------- */

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
mc_explanation_to_json_node (McExplanation *self)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (MC_IS_EXPLANATION (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_string_or_null (builder, "schema", "mail-checkup-explain/1");
  add_string_or_null (builder, "basic_code", self->basic_code);
  add_string_or_null (builder, "enhanced_code", self->enhanced_code);
  add_string_or_null (builder, "class", mc_bounce_class_to_string (self->klass));
  add_string_or_null (builder, "recipient", self->recipient);
  add_string_or_null (builder, "remote_server", self->remote_server);
  add_string_or_null (builder, "guidance", self->guidance);
  add_string_or_null (builder, "summary", mc_explanation_get_summary (self));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
mc_explanation_to_json (McExplanation *self)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (MC_IS_EXPLANATION (self), NULL);

  root = mc_explanation_to_json_node (self);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

char *
mc_explanation_to_text (McExplanation *self)
{
  GString *out;
  const McGuidance *guidance;
  guint code = 0;

  g_return_val_if_fail (MC_IS_EXPLANATION (self), NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "%s\n\n", mc_explanation_get_summary (self));

  if (self->basic_code != NULL)
    {
      const char *meaning = mc_reply_code_parse (self->basic_code, &code) ? mc_reply_code_get_meaning (code) : NULL;

      if (meaning != NULL)
        /* Translators: first %s is an SMTP reply code such as 550, second its meaning. */
        g_string_append_printf (out, _("Reply code: %s (%s)"), self->basic_code, meaning);
      else
        g_string_append_printf (out, _("Reply code: %s"), self->basic_code);
      g_string_append_c (out, '\n');
    }
  if (self->enhanced_code != NULL)
    {
      /* Translators: first %s is a status code such as 5.1.1, second its meaning. */
      g_string_append_printf (out, _("Status code: %s (%s)"), self->enhanced_code,
                              mc_explanation_get_code_meaning (self));
      g_string_append_c (out, '\n');
    }
  /* Translators: %s is a kind of failure, such as “Permanent failure: …”. */
  g_string_append_printf (out, _("Kind: %s"), mc_bounce_class_get_label (self->klass));
  g_string_append_c (out, '\n');
  if (self->recipient != NULL)
    {
      g_string_append_printf (out, _("Recipient: %s"), self->recipient);
      g_string_append_c (out, '\n');
    }
  if (self->others->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (self->others, NULL);
      list = g_strjoinv (", ", (char **) self->others->pdata);
      g_ptr_array_remove_index (self->others, self->others->len - 1);
      /* Translators: %s is a list of e-mail addresses. */
      g_string_append_printf (out, _("Also not delivered: %s"), list);
      g_string_append_c (out, '\n');
    }
  if (self->remote_server != NULL)
    {
      /* Translators: %s is the name of the mail server that refused the message. */
      g_string_append_printf (out, _("Server that answered: %s"), self->remote_server);
      g_string_append_c (out, '\n');
    }
  if (self->diagnostic != NULL)
    {
      /* Translators: %s is the server's reply, quoted as it was found. */
      g_string_append_printf (out, _("The server's words: %s"), self->diagnostic);
      g_string_append_c (out, '\n');
    }

  guidance = mc_guidance_lookup (self->guidance);
  if (guidance != NULL)
    {
      g_autofree char *text = mc_guidance_to_text (guidance);

      g_string_append_c (out, '\n');
      g_string_append (out, text);
    }
  return g_string_free (out, FALSE);
}
