"""The relationship map's rules: coverage of the buying roles, fields of roles and relations."""
