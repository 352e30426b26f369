// IPProtection
