/// What `org.varlink.service.GetInfo` and `--version` report.
package enum ProductInfo {
    package static let vendor = "Pace"
    package static let product = "paced"
    package static let version = "0.1.0"
    package static let url = "https://github.com/pace-project/pace"
}
