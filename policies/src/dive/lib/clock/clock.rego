# METADATA
# title: Evaluation clock
# description: The time a decision is made for, in nanoseconds, and the tunable clock skew.
package dive.lib.clock

# One rule with else: OPA stops at the first body that holds instead of evaluating both.

# METADATA
# scope: document
# description: input.context.time (RFC 3339) when given and valid, otherwise the server clock.
now_ns := time.parse_rfc3339_ns(input.context.time) if input.context.time

else := time.now_ns() if not input.context.time

# METADATA
# description: The tolerated clock skew in nanoseconds (data.dive.config.clock_skew_seconds).
skew_ns := data.dive.config.clock_skew_seconds * 1000000000
