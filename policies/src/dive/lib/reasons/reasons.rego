# METADATA
# title: Deny reasons
# description: Builds the {code, message} objects every deny carries.
package dive.lib.reasons

# METADATA
# description: A reason with a stable machine code and a human message.
reason(code, message) := {"code": code, "message": message}
