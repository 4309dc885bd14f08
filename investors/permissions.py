"""The leads' permission policy: the territory rule of ``TerritoryOwnedPermissionPolicy``,
with the permission ids looked up once per user and request (the listing asks for every
row's buttons; without this its queries grow with the number of leads)."""

from territories.permissions import TerritoryOwnedPermissionPolicy


class LeadPermissionPolicy(TerritoryOwnedPermissionPolicy):
    def territory_ids_for(self, user, actions):
        store = user.__dict__.setdefault("_investors_lead_policy", {})
        key = (self.model._meta.label, tuple(sorted(actions)))
        if key not in store:
            store[key] = super().territory_ids_for(user, actions)
        return store[key]
