"""target-hull: unified customer profiles from CRM streams, the way Hull.io built them."""
