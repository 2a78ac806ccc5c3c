#include "pop3/response/codes.h"

namespace tern::pop3::response {

std::string_view ResponseCodeText(ResponseCode code) {
  switch (code) {
    case ResponseCode::kInUse:
      return "IN-USE";
    case ResponseCode::kLoginDelay:
      return "LOGIN-DELAY";
    case ResponseCode::kSysTemp:
      return "SYS/TEMP";
    case ResponseCode::kSysPerm:
      return "SYS/PERM";
    case ResponseCode::kAuth:
      return "AUTH";
    case ResponseCode::kUtf8:
      return "UTF8";
  }
  return "SYS/PERM";
}

}  // namespace tern::pop3::response
