/* mc-explain-rules.c: the texts and codes the explainer recognises, and what each one means (engine-internal).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-i18n.h"

#include "mc-explain-rules.h"

/* The words servers, mail programs and providers use, in English and in
 * Japanese, each leading to the catalogue entry that explains it. Patterns
 * are matched line by line (a line wrapped by the server is joined first)
 * and without regard to case. They are written to be specific: a word that
 * also appears in the boilerplate of some bounce ("delete", "postmaster")
 * would send people the wrong way. Within one tier the first rule that
 * matches wins, so the narrower rules come first.
 *
 * The guidance ids are plain string literals on purpose: the catalogue's
 * tests find every id the engine uses by reading these sources. */
static const McExplainRule rules[] = {
  /* --- Delay warnings: the message is still on its way ------------------ */

  { "could not send message for past \\d+ hours?"
    "|still undelivered after \\d+ hours?"
    "|\\bTHIS IS A WARNING ONLY\\b"
    "|\\bdelayed mail\\b"
    "|delivery (?:has been |is )?delayed|message (?:has been )?delayed"
    "|delivery attempts will continue|will (?:keep|continue) (?:on )?(?:trying|to try)"
    "|will be retried until|gmail will retry|will retry for \\d+"
    "|delivery status notification \\(delay\\)|\\bdelivery incomplete\\b"
    "|配信(?:が)?遅延|遅延(?:して|通知|のお知らせ)|再送を(?:試みて|続けて)",
    "bounce-deferred", MC_RULE_TIER_DELAY, MC_RULE_FLAG_NONE },

  /* --- Providers' own codes and policies -------------------------------- */

  /* Gmail, Outlook.com, Yahoo and Yahoo! JAPAN refuse mail whose domain does
   * not pass SPF, DKIM or DMARC (Gmail 5.7.23–5.7.27, Outlook 5.7.515 since
   * 2025, Yahoo 5.7.9 and TSS09). */
  { "\\b[45]\\.7\\.2[0-6]\\b|\\b[45]\\.7\\.27\\b.{0,100}(?:SPF|authenticat)|\\b5\\.7\\.515\\b"
    "|\\b5\\.7\\.9\\b.{0,100}policy|not accepted for policy reasons|\\[?TSS09\\]?"
    "|required authentication level|does not meet .{0,100}authentication|authentication requirements"
    "|sender is unauthenticated|unauthenticated (?:e-?mail|mail|sender)"
    "|\\b(?:SPF|DKIM|DMARC)\\b(?: check| validation| record)? (?:fail|failed|failure|did not pass|does not pass|not pass)"
    "|\\bDMARC\\b.{0,100}(?:policy|reject)|(?:SPF|DKIM) (?:or|and) (?:SPF|DKIM)"
    "|(?:PTR|reverse DNS|rDNS)(?: record)?[^.\\n]{0,100}(?:missing|not found|does not|doesn't|fail)"
    "|送信ドメイン認証|なりすまし",
    "bounce-auth-policy", MC_RULE_TIER_PROVIDER, MC_RULE_FLAG_NONE },

  /* Rate limits: Gmail 4.7.28 and 5.4.5, Yahoo TSS01–TSS04, and the
   * providers' daily limits (such as 500 messages a day). */
  { "\\b[45]\\.7\\.28\\b|\\b5\\.4\\.5\\b|\\[?TSS0[1-4]\\]?|unusual rate|unexpected volume"
    "|rate[- ]?limit(?:ed|ing)?|too many (?:messages|mails|e-?mails|connections|recipients|concurrent)"
    "|sending (?:quota|limits?)(?: has been| was)? (?:exceeded|reached)"
    "|(?:daily|hourly) (?:user )?(?:sending )?(?:quota|limit)"
    "|exceeded (?:the |your )?(?:sending|message|recipient) (?:limit|quota)"
    "|送信(?:数|件数|通数)?(?:の)?上限|送信制限",
    "bounce-rate-limited", MC_RULE_TIER_PROVIDER, MC_RULE_FLAG_NONE },

  /* Outlook.com's block list codes (S3140, S3150) and banned addresses. */
  { "\\(S3\\d{3}\\)|\\bS31[45]0\\b|part of their network is on our block ?list|banned sending IP"
    "|\\b5\\.7\\.708\\b|traffic not accepted from this IP",
    "bounce-blocked-spam", MC_RULE_TIER_PROVIDER, MC_RULE_FLAG_NONE },

  /* Gmail's refusal of content it distrusts. */
  { "content presents a potential security issue|likely unsolicited mail",
    "bounce-content-rejected", MC_RULE_TIER_PROVIDER, MC_RULE_FLAG_NONE },

  /* Japanese mobile carriers answer "550 Unknown user" (and the like) also
   * when the recipient's own filter refused the mail. */
  { "unknown user|user unknown|no such user|invalid recipient|recipient (?:address )?rejected"
    "|refused by (?:the )?(?:recipient|receiver)|\\b5\\.2\\.9\\b|拒否",
    "bounce-carrier-filter", MC_RULE_TIER_PROVIDER, MC_RULE_FLAG_CARRIER },
  { "\\b5\\.2\\.9\\b|受信拒否|指定受信|(?:ドメイン|アドレス)指定|迷惑メール(?:フィルター|設定|対策)"
    "|受信(?:側の)?(?:設定|制御)|パソコン(?:から|からの)?(?:メール)?(?:を)?(?:拒否|受信しない)",
    "bounce-carrier-filter", MC_RULE_TIER_PROVIDER, MC_RULE_FLAG_NONE },

  /* Microsoft 365 and Gmail answers to a mail program's log-in. */
  { "SmtpClientAuthentication is disabled|\\b5\\.7\\.139\\b",
    "auth-refused", MC_RULE_TIER_PROVIDER, MC_RULE_FLAG_NONE },
  { "application-specific password|app password|InvalidSecondFactor|アプリ パスワード|アプリパスワード",
    "auth-app-password", MC_RULE_TIER_PROVIDER, MC_RULE_FLAG_NONE },
  { "\\b5\\.7\\.57\\b|client not authenticated to send",
    "auth-encryption-required", MC_RULE_TIER_PROVIDER, MC_RULE_FLAG_NONE },

  /* --- What the words say ------------------------------------------------ */

  { "retry timeout exceeded|retry time not reached for any host"
    "|have been failing for a long time|delivery time expired|message expired|delivery expired"
    "|(?:was|has been) in the queue too long|could not be delivered (?:for|within) \\d+ days?"
    "|配信を(?:断念|中止)",
    "bounce-deferred", MC_RULE_TIER_TEXT, MC_RULE_FLAG_GAVE_UP },

  { "relay access denied|relaying denied|relay(?:ing)? (?:is )?not (?:permitted|allowed)"
    "|unable to relay|not permitted to relay|we do not relay|(?:not|isn't) in my list of allowed rcpthosts"
    "|\\b5\\.7\\.54\\b|中継(?:は|を)?(?:拒否|許可されていません|できません)",
    "bounce-relay-denied", MC_RULE_TIER_TEXT, MC_RULE_FLAG_NONE },

  { "sender address has null MX|sender address rejected"
    "|sender (?:address )?(?:is )?not (?:authenticated|authorized|allowed|owned|permitted)"
    "|not owned by (?:the )?(?:authenticated )?user|sender .{0,100}not logged in|SendAsDenied"
    "|not allowed to send (?:as|on behalf)|rejected the sender address"
    "|sender address (?:was|has been|is) rejected|sender verify failed"
    "|domain of sender address .{0,100} does not (?:exist|resolve)"
    "|from address (?:is )?not (?:verified|allowed)|verify the e-?mail address in your account"
    "|\\b5\\.7\\.60\\b|送信者.{0,100}(?:認証|拒否|許可)|差出人.{0,100}(?:拒否|許可)",
    "bounce-sender-rejected", MC_RULE_TIER_TEXT, MC_RULE_FLAG_SENDER },

  { "authentication (?:failed|unsuccessful|failure)|authentication credentials invalid"
    "|username and password not accepted|invalid (?:login|credentials|user ?name or password)"
    "|incorrect (?:password|authentication data)|unable to authenticate|login failed"
    "|認証(?:に)?失敗|パスワードが(?:違|正しくありません)",
    "auth-failed", MC_RULE_TIER_TEXT, MC_RULE_FLAG_NONE },
  { "must issue a STARTTLS command first|authentication (?:is )?required"
    "|SMTP AUTH(?:entication)? (?:is )?required|must authenticate|please authenticate"
    "|認証が必要",
    "auth-encryption-required", MC_RULE_TIER_TEXT, MC_RULE_FLAG_NONE },

  { "spamhaus|spamcop|barracuda|\\bsorbs\\b|\\bRBL\\b|\\bDNSBL\\b|block ?listed|black ?listed"
    "|\\b(?:on|in) (?:a|our|the) (?:block|black) ?list|listed (?:at|on|in) "
    "|(?:poor|bad|low) reputation|(?:IP|sender|domain) reputation|blocked due to spam"
    "|blocked (?:using|by) |client host rejected|client host .{0,100}blocked"
    "|your (?:IP|IP address|server|mail server) (?:has been |is )?(?:blocked|banned|blacklisted)"
    "|IP ?アドレス.{0,100}(?:拒否|ブロック)|ブラックリスト|ブロックリスト",
    "bounce-blocked-spam", MC_RULE_TIER_TEXT, MC_RULE_FLAG_NONE },

  { "\\bvirus|malware|\\binfected\\b|dangerous (?:content|attachment)"
    "|attachment.{0,100}(?:not allowed|blocked|prohibited|rejected|refused)|blocked attachment"
    "|(?:file|attachment) (?:type|extension).{0,100}(?:blocked|not allowed|prohibited)"
    "|\\.(?:exe|bat|scr|js|vbs|cmd|pif)\\b.{0,100}(?:blocked|not allowed|prohibited|rejected)"
    "|content (?:rejected|filter|policy)|message content|spam content"
    "|(?:looks|appears) (?:like|to be) spam|unsolicited (?:mail|message|e-?mail)"
    "|(?:detected|classified|identified|flagged|marked) as spam|considered (?:as )?spam"
    "|spam score|message rejected as spam|spam message (?:rejected|detected)"
    "|high probability of being spam|ウイルス|添付ファイル.{0,100}(?:拒否|ブロック|許可されていません|削除)"
    "|迷惑メールと(?:判定|判断)",
    "bounce-content-rejected", MC_RULE_TIER_TEXT, MC_RULE_FLAG_NONE },

  { "user unknown|unknown user|no such user|user (?:doesn't|does not) exist"
    "|(?:mailbox|account|address|recipient|user) (?:does not|doesn't) exist"
    "|recipient address rejected: (?:user unknown|access denied|undeliverable address)"
    "|RecipientNotFound|RecipNotFound|recipient not found|invalid recipient|unknown recipient"
    "|no such (?:mailbox|recipient|address)|mailbox not found|address not found"
    "|address couldn't be found|account that you tried to reach (?:does not exist|is disabled)"
    "|(?:account|mailbox) (?:is |has been )?(?:disabled|deactivated|inactive)"
    "|recipient .{1,80} was rejected by the server|undeliverable address"
    "|宛先.{0,100}(?:存在しません|見つかりません)"
    "|(?:ユーザー?|アカウント|メールアドレス|メールボックス)(?:が|は)?(?:存在しません|見つかりません)"
    "|該当するユーザ",
    "bounce-user-unknown", MC_RULE_TIER_TEXT, MC_RULE_FLAG_NONE },

  { "bad (?:recipient |destination )?(?:mailbox )?address syntax|invalid (?:e-?mail )?address"
    "|address (?:is )?invalid|malformed address|syntax error in (?:the )?(?:recipient|address)"
    "|domain name required|invalid route address|not a valid (?:e-?mail )?address"
    "|アドレス(?:の)?(?:形式|書式)(?:が)?(?:正しくありません|誤り|不正)",
    "bounce-address-invalid", MC_RULE_TIER_TEXT, MC_RULE_FLAG_NONE },

  { "null MX|does not accept (?:any )?mail|accepts no mail",
    "recipient-domain-null-mx", MC_RULE_TIER_TEXT, MC_RULE_FLAG_NONE },

  { "host unknown|host or domain name not found|domain not found|name service error"
    "|domain (?:does not|doesn't) exist|no such domain|unrout(?:e)?able (?:address|mail domain)"
    "|unable to route|no (?:valid )?MX|(?:MX|DNS) (?:record|lookup) (?:not found|failed)"
    "|host not found|ホスト(?:名)?が見つかりません|ドメインが(?:存在しません|見つかりません)",
    "recipient-domain-unknown", MC_RULE_TIER_TEXT, MC_RULE_FLAG_NONE },

  { "mailbox (?:is )?full|mailbox[^.]*(?:exceeded|over)|over quota|quota (?:exceeded|full)"
    "|exceeded (?:the |their |storage )?(?:quota|storage)|insufficient (?:storage|space)"
    "|out of storage|storage (?:space )?(?:is )?full|inbox is full"
    "|容量(?:を|が)?(?:超|オーバー|いっぱい|不足)|メールボックスが(?:いっぱい|満杯|一杯)",
    "bounce-mailbox-full", MC_RULE_TIER_TEXT, MC_RULE_FLAG_NONE },

  { "message (?:size )?(?:exceeds|is too (?:big|large)|too (?:big|large))|size exceeds"
    "|exceeds (?:the )?(?:fixed |maximum |max )?(?:message )?size"
    "|message (?:size|length) (?:exceeds|limit)|maximum (?:message )?size|mail too large"
    "|larger than (?:the )?(?:current )?(?:system )?(?:limit|maximum)|(?:message|mail) is too long"
    "|サイズ(?:が|の)?(?:上限|制限|大きすぎ|超過|超え)",
    "bounce-message-too-big", MC_RULE_TIER_TEXT, MC_RULE_FLAG_NONE },

  { "local configuration error|\\bconfig(?:uration)? error|mail loops back to (?:myself|me)"
    "|misconfigur|設定(?:の)?(?:誤り|エラー)",
    "bounce-local-config", MC_RULE_TIER_TEXT, MC_RULE_FLAG_NONE },

  { "routing loop|mail loop|loop detected|\\blooping\\b|too many hops|hop count exceeded"
    "|too many \"?received",
    "bounce-loop", MC_RULE_TIER_TEXT, MC_RULE_FLAG_NONE },

  /* A mail program that could not reach its own outgoing server. */
  { "port 25\\b.{0,100}(?:timed out|time-?out|could not connect|couldn't connect|failed|blocked)"
    "|(?:timed out|could not connect|couldn't connect).{0,100}port 25\\b",
    "op25b", MC_RULE_TIER_TEXT, MC_RULE_FLAG_NONE },
  { "outgoing server.{0,100}timed out|timed out.{0,100}outgoing server|0x8004210B|0x800CCC0B|0x800CCC0E"
    "|0x80042109|(?:could not|cannot|can't|unable to) connect to (?:the |your )?(?:SMTP|outgoing)"
    "|送信(?:メール)?\\s*(?:\\(SMTP\\)\\s*)?サーバー?.{0,60}(?:タイムアウト|接続できません|接続に失敗)",
    "ports-filtered", MC_RULE_TIER_TEXT, MC_RULE_FLAG_NONE },
  { "refusing SMTP connections|(?:server|it) may be unavailable",
    "server-refuses", MC_RULE_TIER_TEXT, MC_RULE_FLAG_NONE },

  { "service (?:is )?(?:unavailable|not available)|no SMTP service|refused to talk to me"
    "|サービス(?:を)?(?:利用|使用)できません",
    "bounce-service-unavailable", MC_RULE_TIER_TEXT, MC_RULE_FLAG_PERMANENT },

  { "greylist|graylist|try again later|try later|please (?:try again|retry)"
    "|temporar(?:y|ily)|\\bdeferred\\b|一時的",
    "bounce-temporary", MC_RULE_TIER_TEXT, MC_RULE_FLAG_TEMPORARY },
};

static GRegex *compiled_rules[G_N_ELEMENTS (rules)];

const McExplainRule *
mc_explain_rules_get_all (guint *n_rules)
{
  if (n_rules != NULL)
    *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

GRegex *
mc_explain_rule_get_regex (guint index)
{
  static gsize compiled;

  g_return_val_if_fail (index < G_N_ELEMENTS (rules), NULL);

  if (g_once_init_enter (&compiled))
    {
      for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
        {
          g_autoptr(GError) error = NULL;

          compiled_rules[i] = g_regex_new (rules[i].pattern, G_REGEX_CASELESS | G_REGEX_OPTIMIZE,
                                           0, &error);
          /* The patterns are part of the program: one that does not compile
           * is a bug, and the tests compile them all. */
          if (compiled_rules[i] == NULL)
            g_error ("Explainer rule %u does not compile: %s", i, error->message);
        }
      g_once_init_leave (&compiled, 1);
    }
  return compiled_rules[index];
}

/* What the registry's codes mean for the person, by class (0: any class),
 * subject and detail. */
typedef struct
{
  guint       klass;
  guint       subject;
  guint       detail;
  const char *guidance;
} CodeGuidance;

static const CodeGuidance enhanced_guidance[] = {
  { 0, 1, 0, "bounce-address-invalid" },
  { 0, 1, 1, "bounce-user-unknown" },
  { 0, 1, 2, "recipient-domain-unknown" },
  { 0, 1, 3, "bounce-address-invalid" },
  { 0, 1, 4, "bounce-address-invalid" },
  { 0, 1, 6, "bounce-user-unknown" },
  { 0, 1, 7, "bounce-sender-rejected" },
  { 0, 1, 8, "bounce-sender-rejected" },
  { 0, 1, 10, "recipient-domain-null-mx" },
  { 0, 2, 1, "bounce-user-unknown" },
  { 0, 2, 2, "bounce-mailbox-full" },
  { 0, 2, 3, "bounce-message-too-big" },
  /* Not in the registry, but what delivery services report for mail that
   * the receiver's own controls refused, mostly carrier filters. */
  { 0, 2, 9, "bounce-carrier-filter" },
  { 0, 3, 1, "bounce-service-unavailable" },
  { 0, 3, 2, "bounce-service-unavailable" },
  { 0, 3, 4, "bounce-message-too-big" },
  { 0, 3, 5, "bounce-local-config" },
  { 4, 4, 1, "bounce-temporary" },
  /* Microsoft 365 refuses unknown recipients with 5.4.1. */
  { 5, 4, 1, "bounce-user-unknown" },
  { 0, 4, 3, "bounce-temporary" },
  { 0, 4, 4, "recipient-domain-unknown" },
  { 0, 4, 5, "bounce-temporary" },
  { 0, 4, 6, "bounce-loop" },
  { 0, 4, 7, "bounce-deferred" },
  { 0, 5, 3, "bounce-rate-limited" },
  { 0, 6, 0, "bounce-content-rejected" },
  { 0, 6, 1, "bounce-content-rejected" },
  { 0, 6, 7, "bounce-address-invalid" },
  { 4, 7, 0, "bounce-temporary" },
  { 5, 7, 0, "bounce-blocked-spam" },
  { 4, 7, 1, "bounce-temporary" },
  { 5, 7, 1, "bounce-blocked-spam" },
  { 0, 7, 8, "auth-failed" },
  { 0, 7, 9, "auth-refused" },
  { 0, 7, 10, "auth-encryption-required" },
  { 0, 7, 11, "auth-encryption-required" },
  { 0, 7, 12, "auth-refused" },
  { 0, 7, 13, "auth-refused" },
  { 0, 7, 20, "bounce-auth-policy" },
  { 0, 7, 21, "bounce-auth-policy" },
  { 0, 7, 22, "bounce-auth-policy" },
  { 0, 7, 23, "bounce-auth-policy" },
  { 0, 7, 24, "bounce-auth-policy" },
  { 0, 7, 25, "bounce-auth-policy" },
  { 0, 7, 26, "bounce-auth-policy" },
  { 0, 7, 27, "bounce-sender-rejected" },
  { 0, 7, 28, "bounce-rate-limited" },
  { 0, 7, 29, "bounce-auth-policy" },
};

const char *
mc_explain_guidance_for_enhanced (const McEnhancedCode *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (enhanced_guidance); i++)
    {
      const CodeGuidance *g = &enhanced_guidance[i];

      if ((g->klass == 0 || g->klass == code->klass) && g->subject == code->subject &&
          g->detail == code->detail)
        return g->guidance;
    }

  /* A code not listed above, such as 5.7.99 or 4.9.1: what its class and
   * subject say. A temporary code of any kind means "try again later". */
  if (code->klass == 4)
    return "bounce-temporary";
  if (code->klass == 5)
    {
      switch (code->subject)
        {
        case 1:
          return "bounce-address-invalid";
        case 2:
          return "bounce-user-unknown";
        case 6:
          return "bounce-content-rejected";
        case 7:
          return "bounce-blocked-spam";
        default:
          return NULL;
        }
    }
  return NULL;
}

const char *
mc_explain_guidance_for_reply_code (guint code)
{
  switch (code)
    {
    case 421:
    case 450:
    case 451:
    case 452:
    case 455:
      return "bounce-temporary";
    case 454:
      return "auth-temporary";
    case 521:
    case 554:
      return "bounce-service-unavailable";
    case 530:
    case 538:
      return "auth-encryption-required";
    case 534:
      return "auth-app-password";
    case 535:
      return "auth-failed";
    /* 550 covers refusals of every kind, but RFC 5321 names the mailbox, and
     * an unknown mailbox is by far the most common; it is the weakest guess
     * and anything more specific in the text wins. */
    case 550:
    case 551:
      return "bounce-user-unknown";
    case 552:
      return "bounce-message-too-big";
    case 553:
      return "bounce-sender-rejected";
    case 556:
      return "recipient-domain-null-mx";
    default:
      return NULL;
    }
}

/* What each guidance id means for the class of the explanation, and the
 * sentence that sums it up, with and without the recipient's address. A
 * class of UNKNOWN here means "from the code": 4xx temporary, 5xx
 * permanent. */
typedef struct
{
  const char    *guidance;
  McBounceClass  klass;
  const char    *with_recipient;
  const char    *without_recipient;
} GuidanceSummary;

static const GuidanceSummary summaries[] = {
  { "bounce-user-unknown", MC_BOUNCE_CLASS_UNKNOWN,
    /* Translators: %s is the recipient's e-mail address. */
    N_("The message to %s was returned: the receiving server says this address does not exist."),
    N_("The message was returned: the receiving server says the address does not exist.") },
  { "bounce-address-invalid", MC_BOUNCE_CLASS_UNKNOWN,
    N_("The message to %s was returned: the address is not written correctly."),
    N_("The message was returned: the recipient's address is not written correctly.") },
  { "recipient-domain-unknown", MC_BOUNCE_CLASS_UNKNOWN,
    N_("The message to %s was returned: the part of the address after the @ does not exist."),
    N_("The message was returned: the part of the recipient's address after the @ does not exist.") },
  { "recipient-domain-null-mx", MC_BOUNCE_CLASS_UNKNOWN,
    N_("The message to %s was returned: that domain does not accept any mail."),
    N_("The message was returned: the recipient's domain does not accept any mail.") },
  { "bounce-mailbox-full", MC_BOUNCE_CLASS_UNKNOWN,
    N_("The message to %s was returned because the recipient's mailbox is full."),
    N_("The message was returned because the recipient's mailbox is full.") },
  { "bounce-message-too-big", MC_BOUNCE_CLASS_UNKNOWN,
    N_("The message to %s was returned because it is larger than the receiving server accepts."),
    N_("The message was refused because it is larger than the server accepts.") },
  { "bounce-relay-denied", MC_BOUNCE_CLASS_LOCAL_CONFIGURATION,
    N_("The server refused to pass the message to %s on because you had not logged in: "
       "authentication for the outgoing server (SMTP authentication) is probably off."),
    N_("The server refused to pass the message on because you had not logged in: "
       "authentication for the outgoing server (SMTP authentication) is probably off.") },
  { "bounce-sender-rejected", MC_BOUNCE_CLASS_LOCAL_CONFIGURATION,
    NULL,
    N_("The server refused your address as the sender of the message.") },
  { "bounce-service-unavailable", MC_BOUNCE_CLASS_UNKNOWN,
    N_("The message to %s was not delivered: the receiving server refused the connection."),
    N_("The server refused the connection, so no mail could be handed over.") },
  { "bounce-local-config", MC_BOUNCE_CLASS_LOCAL_CONFIGURATION,
    N_("The message to %s was returned because of a settings error on a mail server."),
    N_("The message was returned because of a settings error on a mail server.") },
  { "bounce-temporary", MC_BOUNCE_CLASS_UNKNOWN,
    N_("Delivery to %s failed for now, but only temporarily: it should work later."),
    N_("The server refused for now, but only temporarily: it should work later.") },
  { "bounce-rate-limited", MC_BOUNCE_CLASS_POLICY,
    N_("The message to %s was refused because too much mail came from the sender in a short time."),
    N_("The server refused the message because too much mail was sent in a short time.") },
  { "bounce-blocked-spam", MC_BOUNCE_CLASS_POLICY,
    N_("The message to %s was refused because the receiving server distrusts the server it "
       "came from (a spam filter or a blocklist)."),
    N_("The message was refused because the receiving server distrusts the server it came from "
       "(a spam filter or a blocklist).") },
  { "bounce-auth-policy", MC_BOUNCE_CLASS_POLICY,
    N_("The message to %s was refused because your domain does not prove that the mail is "
       "really from you (SPF, DKIM or DMARC)."),
    N_("The message was refused because your domain does not prove that the mail is really "
       "from you (SPF, DKIM or DMARC).") },
  { "bounce-carrier-filter", MC_BOUNCE_CLASS_POLICY,
    N_("The message to %s was refused, most likely by the recipient's own mail filter at their "
       "mobile carrier."),
    N_("The message was refused, most likely by the recipient's own mail filter.") },
  { "bounce-content-rejected", MC_BOUNCE_CLASS_POLICY,
    N_("The message to %s was refused because of its content or attachments (a spam or virus "
       "filter)."),
    N_("The message was refused because of its content or attachments (a spam or virus "
       "filter).") },
  { "bounce-loop", MC_BOUNCE_CLASS_UNKNOWN,
    N_("The message to %s was returned because it went round in a loop between servers."),
    N_("The message was returned because it went round in a loop between servers.") },
  { "auth-failed", MC_BOUNCE_CLASS_LOCAL_CONFIGURATION, NULL,
    N_("The outgoing server did not accept your user name and password.") },
  { "auth-app-password", MC_BOUNCE_CLASS_LOCAL_CONFIGURATION, NULL,
    N_("The outgoing server wants an app password instead of your usual password.") },
  { "auth-encryption-required", MC_BOUNCE_CLASS_LOCAL_CONFIGURATION, NULL,
    N_("The outgoing server takes mail only after encryption and log-in are turned on.") },
  { "auth-refused", MC_BOUNCE_CLASS_LOCAL_CONFIGURATION, NULL,
    N_("The outgoing server refused the log-in, for a reason other than a wrong password.") },
  { "auth-temporary", MC_BOUNCE_CLASS_TEMPORARY, NULL,
    N_("The outgoing server could not check the log-in just now; try again in a few minutes.") },
  { "op25b", MC_BOUNCE_CLASS_LOCAL_CONFIGURATION, NULL,
    N_("Your mail program could not send on port 25, which this network most likely blocks.") },
  { "ports-filtered", MC_BOUNCE_CLASS_LOCAL_CONFIGURATION, NULL,
    N_("Your mail program got no answer from its outgoing server.") },
  { "server-refuses", MC_BOUNCE_CLASS_LOCAL_CONFIGURATION, NULL,
    N_("The outgoing server turned your mail program's connection away.") },
};

McBounceClass
mc_explain_guidance_class (const char *guidance,
                           guint       code_class,
                           guint       flags)
{
  McBounceClass klass = MC_BOUNCE_CLASS_UNKNOWN;

  if (guidance == NULL)
    return MC_BOUNCE_CLASS_UNKNOWN;

  /* A delay warning, or a final failure after days of trying. */
  if (g_str_equal (guidance, "bounce-deferred"))
    return (flags & MC_RULE_FLAG_GAVE_UP) != 0 || code_class == 5 ? MC_BOUNCE_CLASS_PERMANENT
                                                                   : MC_BOUNCE_CLASS_DEFERRED;
  if (g_str_equal (guidance, "bounce-temporary"))
    return MC_BOUNCE_CLASS_TEMPORARY;

  for (guint i = 0; i < G_N_ELEMENTS (summaries); i++)
    {
      if (g_str_equal (summaries[i].guidance, guidance))
        {
          klass = summaries[i].klass;
          break;
        }
    }
  if (klass != MC_BOUNCE_CLASS_UNKNOWN)
    return klass;

  switch (code_class)
    {
    case 4:
      return MC_BOUNCE_CLASS_TEMPORARY;
    case 5:
      return MC_BOUNCE_CLASS_PERMANENT;
    default:
      /* Words alone ("User unknown") name a refusal that will not change by
       * itself; "explain-unknown" has nothing to go on. */
      return g_str_equal (guidance, "explain-unknown") ? MC_BOUNCE_CLASS_UNKNOWN
                                                       : MC_BOUNCE_CLASS_PERMANENT;
    }
}

/* The sentences of the table above are formats with one %s, the
 * recipient. Put in by hand rather than with printf, which cannot check a
 * format read from a table (or from a translation). */
static char *
fill_in (const char *format,
         const char *value)
{
  const char *mark = strstr (format, "%s");
  GString *out;

  if (mark == NULL)
    return g_strdup (format);
  out = g_string_new_len (format, mark - format);
  g_string_append (out, value);
  g_string_append (out, mark + 2);
  return g_string_free (out, FALSE);
}

char *
mc_explain_summary_for (const char    *guidance,
                        McBounceClass  klass,
                        const char    *recipient)
{
  g_return_val_if_fail (guidance != NULL, NULL);

  if (g_str_equal (guidance, "bounce-deferred"))
    {
      if (klass == MC_BOUNCE_CLASS_PERMANENT)
        {
          if (recipient != NULL)
            /* Translators: %s is the recipient's e-mail address. */
            return g_strdup_printf (_("The message to %s was returned: the server tried for a long "
                                      "time but could not reach the receiving server."),
                                    recipient);
          return g_strdup (_("The message was returned: the server tried for a long time but could "
                             "not reach the receiving server."));
        }
      if (recipient != NULL)
        /* Translators: %s is the recipient's e-mail address. */
        return g_strdup_printf (_("The message to %s is not delivered yet, but the server is still "
                                  "trying: nothing needs to be done for now."),
                                recipient);
      return g_strdup (_("The message is not delivered yet, but the server is still trying: nothing "
                         "needs to be done for now."));
    }

  /* Filters that refuse like this are mostly mobile carriers'; the
   * sentence names the carrier only when the address is at one. */
  if (g_str_equal (guidance, "bounce-carrier-filter") && recipient != NULL &&
      !mc_explain_is_carrier_domain (recipient))
    /* Translators: %s is the recipient's e-mail address. */
    return g_strdup_printf (_("The message to %s was refused, most likely by the recipient's own "
                              "mail filter."), recipient);

  for (guint i = 0; i < G_N_ELEMENTS (summaries); i++)
    {
      const GuidanceSummary *s = &summaries[i];

      if (!g_str_equal (s->guidance, guidance))
        continue;
      if (recipient != NULL && s->with_recipient != NULL)
        return fill_in (_(s->with_recipient), recipient);
      return g_strdup (_(s->without_recipient));
    }
  return NULL;
}

gboolean
mc_explain_is_carrier_domain (const char *domain)
{
  /* The mail domains of NTT docomo, KDDI (au), SoftBank and Y!mobile, and
   * of the carriers and brands whose addresses still exist. */
  static const char * const carriers[] = {
    "docomo.ne.jp", "ezweb.ne.jp", "au.com", "biz.ezweb.ne.jp", "biz.au.com",
    "softbank.ne.jp", "i.softbank.jp", "disney.ne.jp", "vodafone.ne.jp",
    "ymobile.ne.jp", "y-mobile.ne.jp", "emobile.ne.jp", "ymobile1.ne.jp",
    "pdx.ne.jp", "willcom.com", "wcm.ne.jp", "uqmobile.jp", "rakumail.jp",
  };
  const char *at;
  gsize length;

  if (domain == NULL)
    return FALSE;
  at = strrchr (domain, '@');
  if (at != NULL)
    domain = at + 1;
  length = strlen (domain);

  for (guint i = 0; i < G_N_ELEMENTS (carriers); i++)
    {
      gsize n = strlen (carriers[i]);

      if (length == n && g_ascii_strcasecmp (domain, carriers[i]) == 0)
        return TRUE;
      /* Subdomains, such as the per-region ones of vodafone.ne.jp. */
      if (length > n && domain[length - n - 1] == '.' &&
          g_ascii_strcasecmp (domain + length - n, carriers[i]) == 0)
        return TRUE;
    }
  return FALSE;
}
