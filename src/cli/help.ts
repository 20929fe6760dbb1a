// The `--help` texts of the CLI and of each command.

/** `--help` text of the CLI (`main`) and of each command, by command name. */
export const HELP: Record<string, string> = {
  main: `Usage: altegio-marketplace <command> [options]

Rehearse Altegio Marketplace moderation against your own backend, on 127.0.0.1.

Commands:
  fake       start a stateful fake Altegio and its console, and print the env for your backend
  trigger    send one signed lifecycle webhook (uninstall, freeze, payment) to your callback URL
  redirect   print a signed registration redirect URL, as Altegio sends it
  rehearse   run Altegio's five moderation checks against your backend

Run \`altegio-marketplace <command> --help\` for its options.
Exit codes: 0 passed, 1 failed, 2 bad usage.
Guide: docs/rehearse-moderation.md`,
  fake: `Usage: altegio-marketplace fake [options]

Starts the fake Altegio on 127.0.0.1 with a console page, prints the env lines that point an
unchanged backend at it, and runs until Ctrl-C.

Options:
  --port N                port on 127.0.0.1 (default: a free one)
  --partner-token T       partner token the fake accepts (default: $ALTEGIO_PARTNER_TOKEN, or a new one)
  --application-id N      application id (default: $ALTEGIO_APPLICATION_ID, or 4242)
  --callback-url URL      your "Callback url": lifecycle webhooks go here
  --registration-url URL  your "Registration redirect url": the console's Connect opens it
  -h, --help              show this help`,
  trigger: `Usage: altegio-marketplace trigger uninstall|freeze|payment --to URL --location N [options]

Sends one lifecycle webhook, formed as Altegio sends it (payments signed with the partner token),
and prints the status and body of the answer. Exits 0 on a 2xx answer, 1 otherwise.

Options:
  --to URL                your callback URL
  --location N            the location (salon_id)
  --amount X              payment amount (default: 100)
  --partner-token T       your partner token (default: $ALTEGIO_PARTNER_TOKEN)
  --application-id N      your application id (default: $ALTEGIO_APPLICATION_ID)
  -h, --help              show this help`,
  redirect: `Usage: altegio-marketplace redirect --registration-url URL --location N [options]

Prints a registration redirect URL in the form Altegio sends the browser to after Connect, with
user_data signed by the partner token.

Options:
  --registration-url URL  your "Registration redirect url"
  --location N            a location (salon_ids[]); repeat for several
  --chain N               the chain (salon_group_id); a crm_token is generated with it
  --user JSON             the Altegio user, e.g. '{"user_id":501,"name":"Ann Lee"}'
  --partner-token T       your partner token (default: $ALTEGIO_PARTNER_TOKEN)
  -h, --help              show this help`,
  rehearse: `Usage: altegio-marketplace rehearse --registration-url URL --callback-url URL [options]

Starts the fake Altegio and runs Altegio's five moderation checks against your backend:
  1. connect a new user            2. payment data            3. refund data
  4. disable then reconnect        5. connect a user who is already registered
It plays the browser (following redirects) and watches what your backend sends to the fake.
The console shows the checks live at the printed address. Exits 0 when all pass, 1 otherwise.

Options:
  --registration-url URL  your "Registration redirect url"
  --callback-url URL      your "Callback url" (lifecycle webhooks)
  --start CMD             start the backend with this shell command, with the env pointing at the
                          fake and PORT set to the registration URL's port; stopped at the end
  --port N                the fake's port (default: a free one). Without --start, use the port
                          your backend was pointed at with \`fake --port N\`
  --on-payment CMD        command that makes the backend bill location $ALTEGIO_LOCATION_ID
                          (default: wait for you to do it by hand)
  --on-refund CMD         command that refunds payment $ALTEGIO_PAYMENT_ID (default: wait)
  --timeout S             seconds to wait for the backend, a payment, a refund (default: 60)
  --json FILE             also write a machine-readable report
  --partner-token T       (default: $ALTEGIO_PARTNER_TOKEN; with --start, a new one)
  --application-id N      (default: $ALTEGIO_APPLICATION_ID, or 4242)
  -h, --help              show this help`,
};
