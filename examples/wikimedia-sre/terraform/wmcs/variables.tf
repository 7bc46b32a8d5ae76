variable "project" {
  type    = string
  default = "tools"
}
