terraform {
  required_providers {
    openstack = { source = "terraform-provider-openstack/openstack" }
  }
}
